/**
 * Serves a proxy handler on a plain Node HTTP server: what the headless lesson
 * checker, the tests and the benchmark use in place of the built site.
 * Everything outside the proxy's base path answers 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IN_FLIGHT_HEADER, InFlightCounter } from '../http/in-flight.ts';
import { nodeBody, nodeHeaders } from './node-body.ts';
import { drained } from './node-response-pacing.ts';
import { isTextReply, type ProxyReply } from './text-reply.ts';
import type { ProxyHandler, ProxyRequest } from './types.ts';

/** A running server. */
export interface RunningProxy {
  /** `http://127.0.0.1:<port>`: the origin to give the kernel. */
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * What the proxy reads of a Node request: its URL, method, headers, a signal that aborts
 * when the client goes away, and its body read straight from the Node stream (no fetch
 * `Request`, `Headers` or `Readable.toWeb` per request; docs/benchmarks.md, "Proxy").
 */
export function toProxyRequest(
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
): ProxyRequest {
  const abort = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) abort.abort(new Error('client disconnected'));
  });
  const method = request.method ?? 'GET';
  return {
    url: new URL(request.url ?? '/', origin).href,
    method,
    headers: nodeHeaders(request.headers),
    signal: abort.signal,
    body: method === 'GET' || method === 'HEAD' ? null : nodeBody(request, 'discard'),
  };
}

/**
 * Writes a proxy reply to a Node response: a text reply (text-reply.ts) in one `end`
 * (headers, body and the end leave in one write, with the same chunked framing a
 * `Response` gets), a `Response` with `writeFetchResponse`.
 */
export function writeReply(reply: ProxyReply, target: ServerResponse): Promise<void> {
  if (!isTextReply(reply)) return writeFetchResponse(reply, target);
  // The headers are stored first, so the body goes out chunked, as `writeFetchResponse`
  // sends it; Node corks the socket for the chunk and its end.
  target.writeHead(reply.status, reply.headers);
  target.end(reply.text);
  return Promise.resolve();
}

/** Writes a fetch `Response` to a Node response, chunk by chunk; stops reading when the client leaves. */
export async function writeFetchResponse(source: Response, target: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  source.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // Every write to a socket is a system call, and on loopback the receiver's share of the
  // work runs in it too: corked until the next turn of the event loop, the headers, a body
  // that is already there and the end go out in one write (docs/benchmarks.md, "Proxy").
  const socket = target.socket;
  socket?.cork();
  setImmediate(() => socket?.uncork());
  target.writeHead(source.status, headers);
  // Headers go out at once (at the uncork), so a stream's client knows it is connected
  // before the first event.
  target.flushHeaders();
  if (source.body === null) {
    target.end();
    return;
  }
  const reader = source.body.getReader();
  const onClose = () => {
    if (!target.writableFinished) reader.cancel().catch(() => {});
  };
  target.once('close', onClose);
  let read = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        read = true;
        break;
      }
      if (!target.write(value)) await drained(target);
      if (target.destroyed) break;
    }
  } catch {
    // The stream failed or was cancelled: end the response as it is.
    read = true;
  } finally {
    target.off('close', onClose);
    // Destroyed before its 'close' event (which `onClose` no longer hears): the body is
    // cancelled here, or a relayed request would never finish (its slot and lease held).
    if (!read) reader.cancel().catch(() => {});
    target.end();
  }
}

/** Starts `handler` on `host:port` (port 0: any free port). */
export async function startProxyServer(
  handler: ProxyHandler,
  { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {},
): Promise<RunningProxy> {
  let origin = '';
  const inFlight = new InFlightCounter();
  const server = createServer((request, response) => {
    const proxyRequest = toProxyRequest(request, response, origin);
    const clientAddress = request.socket.remoteAddress ?? 'unknown';
    // As server.mjs does: lesson 4 reads how many requests the server had at once.
    const counted = inFlight.enter(clientAddress);
    response.setHeader(IN_FLIGHT_HEADER, String(counted.count));
    response.once('close', counted.leave);
    handler(proxyRequest, { clientAddress })
      .then((result) => writeFetchResponse(result, response))
      .catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    origin,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
