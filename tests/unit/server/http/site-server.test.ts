import { constants } from 'node:http2';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { createRequestFromNodeRequest, writeResponse } from 'astro/app/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SelfSigned, selfSignedCertificate } from '../../../../scripts/support/self-signed.ts';
import { IN_FLIGHT_HEADER } from '../../../../src/server/http/in-flight.ts';
import {
  createSiteServer,
  loadTlsCredentials,
  type TlsCredentials,
} from '../../../../src/server/http/site-server.ts';
import { nodeResponseStore, pacedBy } from '../../../../src/server/llm/node-response-pacing.ts';
import { atRest, countingBody } from '../../support/counting-body.ts';
import { deferred } from '../llm/support.ts';
import { echoClient, h2, h2Get, serveFrontPerTest } from './support.ts';

let certificate: SelfSigned;
let credentials: TlsCredentials;
const serve = serveFrontPerTest();

beforeAll(async () => {
  certificate = selfSignedCertificate();
  credentials = (await loadTlsCredentials(certificate)) as TlsCredentials;
});
afterAll(() => certificate.remove());

describe('TLS settings', () => {
  it('names the setting whose file cannot be read', async () => {
    await expect(
      loadTlsCredentials({ certFile: certificate.certFile, keyFile: '/nowhere/key.pem' }),
    ).rejects.toThrow(
      /^Expected `TLS_KEY_FILE` to name a readable file, got \/nowhere\/key.pem \(ENOENT/u,
    );
  });

  it('says when the files are not a certificate and its key', () => {
    expect(() =>
      createSiteServer({ cert: Buffer.from('not a certificate'), key: credentials.key }, () => {}),
    ).toThrow(
      /^Expected `TLS_CERT_FILE` and `TLS_KEY_FILE` to hold a PEM certificate and its private key/u,
    );
  });
});

describe('the site over TLS', { timeout: 60_000 }, () => {
  it('speaks HTTP/2, and HTTP/1.1 to clients without it', async () => {
    const { origin, port } = await serve(echoClient, { credentials });
    const session = await h2(origin);
    const answer = await h2Get(session, '/');
    session.close();
    expect(answer).toMatchObject({ status: 200, body: '127.0.0.1' });

    const viaH1 = await new Promise<{ version: string; body: string }>((resolve, reject) => {
      const request = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          rejectUnauthorized: false,
          ALPNProtocols: ['http/1.1'],
        } as RequestOptions,
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (part: string) => {
            body += part;
          });
          response.on('end', () => resolve({ version: response.httpVersion, body }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(viaH1).toEqual({ version: '1.1', body: '127.0.0.1' });
  });

  it('hands Astro’s Node handler HTTP/2 requests it can read', async () => {
    const { origin, port } = await serve(
      (request, response) => {
        const converted = createRequestFromNodeRequest(request as never);
        response.end(`${converted.method} ${converted.url} ${converted.headers.get('host')}`);
      },
      { credentials },
    );
    const session = await h2(origin);
    const answer = await h2Get(session, '/lessons/?x=1');
    session.close();
    expect(answer.body).toBe(`GET https://127.0.0.1:${port}/lessons/?x=1 127.0.0.1:${port}`);
  });

  it('counts a client’s LLM requests in flight on one HTTP/2 connection', async () => {
    const release = deferred();
    const { origin } = await serve(
      (_request, response) => {
        void release.promise.then(() => response.end('ok'));
      },
      { credentials },
    );
    const session = await h2(origin);
    const answers = Array.from({ length: 10 }, () => h2Get(session, '/api/llm/v1/models'));
    const page = await h2Get(session, '/api/health');
    release.resolve();
    const counts = (await Promise.all(answers)).map((answer) =>
      Number(answer.headers[IN_FLIGHT_HEADER.toLowerCase()]),
    );
    session.close();
    expect(page.status).toBe(200);
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('paces a stream written by Astro’s Node writer to an HTTP/2 client that stops reading', async () => {
    const chunk = new Uint8Array(64 * 1024);
    const upstream = countingBody(chunk);
    const { origin } = await serve(
      (request, response) => {
        void nodeResponseStore().run(response, async () => {
          createRequestFromNodeRequest(request as never);
          await writeResponse(pacedBy(new Response(upstream.body)), response as never);
        });
      },
      { credentials },
    );
    const session = await h2(origin);
    const stream = session.request({ ':path': '/api/llm/v1/chat/completions' });
    stream.pause();
    // HTTP/2 flow control holds the rest: the server stops pulling at a few windows' worth.
    const paused = await atRest(() => upstream.state.produced);
    expect(paused).toBeLessThan(16 * 1024 * 1024);
    // A browser that stops a fetch resets the stream with CANCEL; the body is dropped.
    stream.close(constants.NGHTTP2_CANCEL);
    session.close();
    await upstream.cancelled;
  });
});
