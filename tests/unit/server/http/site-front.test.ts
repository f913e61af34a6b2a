import { type Agent, Agent as HttpAgent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../../../scripts/support/self-signed.ts';
import { registerReadiness } from '../../../../src/server/http/readiness.ts';
import { shutDown } from '../../../../src/server/http/shutdown.ts';
import { loadTlsCredentials } from '../../../../src/server/http/site-server.ts';
import { rawRequest } from '../../../e2e/support/raw-http.ts';
import { deferred } from '../llm/support.ts';
import { echoClient, h2, h2Get, serveFrontPerTest } from './support.ts';

const serve = serveFrontPerTest();
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A plain HTTP request: status, headers and body text. */
async function get(
  port: number,
  path: string,
  { headers = {}, agent }: { headers?: Record<string, string>; agent?: Agent } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const answer = await rawRequest(port, path, { headers, agent: agent ?? false });
  return { ...answer, body: answer.body.toString('utf8') };
}

describe('GET /api/health', () => {
  it('is ready with no checks, and unready, naming the check, when one fails', async () => {
    const { port } = await serve(echoClient);
    expect(await get(port, '/api/health')).toMatchObject({
      status: 200,
      body: '{"status":"ready","checks":{}}',
    });
    cleanups.push(registerReadiness('ok', () => true));
    const remove = registerReadiness('redis', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    });
    cleanups.push(remove);
    const unready = await get(port, '/api/health');
    expect(unready.status).toBe(503);
    expect(JSON.parse(unready.body)).toEqual({
      status: 'unready',
      checks: {
        ok: { ok: true },
        redis: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' },
      },
    });
    remove();
    expect((await get(port, '/api/health')).status).toBe(200);
  });

  it('refuses a check without a name', () => {
    expect(() => registerReadiness(' ', () => true)).toThrow(
      'Expected `name` to be a non-empty string, got " "',
    );
  });
});

describe('the client address behind a proxy', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says whose to believe', async () => {
    const spoofed = { 'X-Forwarded-For': '6.6.6.6' };
    const open = await serve(echoClient);
    expect((await get(open.port, '/', { headers: spoofed })).body).toBe('127.0.0.1');
    const behindNginx = await serve(echoClient, { trustProxy: '1' });
    // nginx appends the address it saw to what the client sent.
    const forwarded = { 'X-Forwarded-For': '6.6.6.6, 203.0.113.5' };
    expect((await get(behindNginx.port, '/', { headers: forwarded })).body).toBe('203.0.113.5');
    const ranges = await serve(echoClient, { trustProxy: '10.0.0.0/8' });
    expect((await get(ranges.port, '/', { headers: spoofed })).body).toBe('127.0.0.1');
  });
});

describe('shutting down', () => {
  it('lets a request in flight finish, says draining, and takes no new connection', async () => {
    const release = deferred();
    const started = deferred();
    const { server, front, port } = await serve((request, response) => {
      if (request.url === '/slow') {
        response.writeHead(200);
        response.write('first ');
        started.resolve();
        void release.promise.then(() => response.end('last'));
      } else echoClient(request, response);
    });
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    // A kept-alive connection, idle by the time the shutdown starts.
    await get(port, '/', { agent: new HttpAgent({ keepAlive: true }) });
    const slow = get(port, '/slow');
    await started.promise;
    const stopping = shutDown(server, front, { graceMs: 60_000 });
    expect(front.draining).toBe(true);
    await expect(get(port, '/')).rejects.toThrow(/ECONNREFUSED/u);
    release.resolve();
    expect(await slow).toMatchObject({ status: 200, body: 'first last' });
    expect(await stopping).toEqual({ cut: 0 });
    agent.destroy();
  });

  it('cuts what is still in flight when the grace runs out', async () => {
    const started = deferred();
    const { server, front, port } = await serve((_request, response) => {
      response.writeHead(200);
      response.write('never ends');
      started.resolve();
    });
    const hanging = get(port, '/').catch((error: Error) => error);
    await started.promise;
    expect(await shutDown(server, front, { graceMs: 50 })).toEqual({ cut: 1 });
    expect(await hanging).toBeInstanceOf(Error);
  });

  it('answers 503 draining to a new request on a connection opened before', async () => {
    const release = deferred();
    const started = deferred();
    const certificate = selfSignedCertificate();
    cleanups.push(() => certificate.remove());
    const credentials = await loadTlsCredentials(certificate);
    const { server, front, origin } = await serve(
      (request, response) => {
        if (request.url === '/slow') {
          started.resolve();
          void release.promise.then(() => response.end('done'));
        } else echoClient(request, response);
      },
      { credentials },
    );
    const session = await h2(origin);
    const slow = h2Get(session, '/slow');
    await started.promise;
    const stopping = shutDown(server, front, { graceMs: 60_000 });
    const health = await h2Get(session, '/api/health').catch((error: Error) => error);
    // After GOAWAY the client may not open the stream at all; if it does, the answer is 503.
    if (!(health instanceof Error)) {
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'draining' });
    }
    release.resolve();
    expect(await slow).toMatchObject({ status: 200, body: 'done' });
    expect(await stopping).toEqual({ cut: 0 });
    session.destroy();
  });
});
