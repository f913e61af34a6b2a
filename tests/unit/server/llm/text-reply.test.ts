import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, jsonReply, jsonResponse } from '../../../../src/server/llm/errors.ts';
import { writeFetchResponse, writeReply } from '../../../../src/server/llm/node-server.ts';
import {
  replyResponse,
  type TextReply,
  textReply,
  withReplyHeader,
} from '../../../../src/server/llm/text-reply.ts';
import { closeServer } from './support.ts';

let server: Server | null = null;

afterEach(async () => {
  const closing = server;
  server = null;
  await closeServer(closing);
});

/** The raw bytes a server answers to one `method` request, read until it closes. */
async function rawAnswer(
  write: (response: import('node:http').ServerResponse) => void,
  method = 'GET',
): Promise<string> {
  server = createServer((_request, response) => write(response));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (part: string) => {
      text += part;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.connect(port, '127.0.0.1', () => {
      socket.end(`${method} / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
    });
  });
}

/** `raw` without its Date header, which changes from second to second. */
const undated = (raw: string) => raw.replace(/\r\nDate: [^\r]*/i, '');

const REPLIES: Record<string, () => { reply: TextReply; response: Response }> = {
  'a completion': () => ({
    reply: jsonReply({ id: 'c', choices: [] }),
    response: jsonResponse({ id: 'c', choices: [] }),
  }),
  'an error with a header': () => {
    const error = new ApiError(429, 'Too many', { headers: { 'Retry-After': '3' } });
    return { reply: error.toReply(), response: error.toResponse() };
  },
  'a reply with a request id': () => ({
    reply: withReplyHeader(jsonReply({ a: 1 }, 404), 'x-request-id', 'id-1'),
    response: (() => {
      const response = jsonResponse({ a: 1 }, 404);
      response.headers.set('x-request-id', 'id-1');
      return response;
    })(),
  }),
};

describe('text replies and fetch Responses', () => {
  for (const [name, make] of Object.entries(REPLIES)) {
    it(`${name}: the same status, headers and body either way`, async () => {
      const { reply, response } = make();
      const made = replyResponse(reply);
      expect(made.status).toBe(response.status);
      expect([...made.headers]).toEqual([...response.headers]);
      expect(await made.text()).toBe(await response.text());
    });

    it(`${name}: written to a Node response, the same bytes as its Response`, async () => {
      const direct = await rawAnswer((target) => void writeReply(make().reply, target));
      await closeServer(server);
      const viaResponse = await rawAnswer(
        (target) => void writeFetchResponse(make().response, target),
      );
      expect(undated(direct)).toBe(undated(viaResponse));
      expect(direct).toContain('Transfer-Encoding: chunked');
    });
  }

  it('writes no body to a HEAD request, as a Response is written', async () => {
    const reply = () => jsonReply({ object: 'list', data: [] });
    const direct = await rawAnswer((target) => void writeReply(reply(), target), 'HEAD');
    await closeServer(server);
    const viaResponse = await rawAnswer(
      (target) => void writeFetchResponse(replyResponse(reply()), target),
      'HEAD',
    );
    expect(undated(direct)).toBe(undated(viaResponse));
    expect(direct.endsWith('\r\n\r\n')).toBe(true);
  });

  it('lower-cases and orders header names as fetch Headers does, joining repeats', () => {
    const reply = textReply('x', 200, { 'X-B': '2', 'content-type': 't', 'X-b': '3', A: '1' });
    expect(Object.entries(reply.headers)).toEqual([
      ['a', '1'],
      ['content-type', 't'],
      ['x-b', '2, 3'],
    ]);
    expect(Object.entries(withReplyHeader(reply, 'B-Late', 'v').headers)).toEqual([
      ['a', '1'],
      ['b-late', 'v'],
      ['content-type', 't'],
      ['x-b', '2, 3'],
    ]);
  });

  it('keeps a Response as it is', () => {
    const response = new Response('x');
    expect(replyResponse(response)).toBe(response);
  });

  it('reaches a client over HTTP like any answer', async () => {
    server = createServer(
      (_request, response) => void writeReply(jsonReply({ ok: true }), response),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port }, (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (part: string) => {
          text += part;
        });
        incoming.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toEqual({ ok: true });
  });
});
