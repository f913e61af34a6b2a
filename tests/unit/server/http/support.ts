import { type ClientHttp2Session, connect } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { resolvedClientAddress } from '../../../../src/server/http/client-address.ts';
import type { SiteRequest, SiteResponse } from '../../../../src/server/http/site-front.ts';
import { type SiteFront, siteFront } from '../../../../src/server/http/site-front.ts';
import {
  createSiteServer,
  type SiteServer,
  type TlsCredentials,
} from '../../../../src/server/http/site-server.ts';
import { parseTrustProxy } from '../../../../src/server/http/trust-proxy.ts';

/** A handler of the front's requests, as server.mjs passes Astro's. */
export type Handler = (request: SiteRequest, response: SiteResponse) => void;

/** A site server as server.mjs builds it, around `handler`, on a free loopback port. */
export async function serveFront(
  handler: Handler,
  {
    credentials = null,
    trustProxy,
  }: { credentials?: TlsCredentials | null; trustProxy?: string } = {},
): Promise<{ server: SiteServer; front: SiteFront; port: number; origin: string }> {
  const front = siteFront({ trustProxy: parseTrustProxy(trustProxy) });
  const server = createSiteServer(credentials, (request, response) =>
    front.handle(request, response, () => handler(request, response)),
  );
  front.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `${credentials === null ? 'http' : 'https'}://127.0.0.1:${port}`;
  return { server, front, port, origin };
}

/** Closes `server`, cutting the connections an HTTP/1.1 server still holds open. */
function closeSiteServer(server: SiteServer): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/**
 * `serveFront` for a test file: every server it starts is closed after the test that
 * started it. Call it once, at the top of the file.
 */
export function serveFrontPerTest(): typeof serveFront {
  const servers: SiteServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await closeSiteServer(server);
  });
  return async (...args) => {
    const served = await serveFront(...args);
    servers.push(served.server);
    return served;
  };
}

/** Answers with the client address the route would key its limits by. */
export const echoClient: Handler = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end(resolvedClientAddress() ?? 'none');
};

/** An HTTP/2 session to `origin` that accepts the self-signed certificate. */
export function h2(origin: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(origin, { rejectUnauthorized: false });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** One HTTP/2 request: status, headers and body text. */
export function h2Get(
  session: ClientHttp2Session,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, ...headers });
    let received: Record<string, unknown> = {};
    let body = '';
    stream.setEncoding('utf8');
    stream.on('response', (head) => {
      received = head;
    });
    stream.on('data', (part: string) => {
      body += part;
    });
    stream.on('end', () =>
      resolve({ status: Number(received[':status']), headers: received, body }),
    );
    stream.on('error', reject);
  });
}
