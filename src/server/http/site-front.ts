/**
 * What `server.mjs` does around the site's handler, for every request: answers the health
 * route, refuses new requests once the server is draining, gives HTTP/2 requests the
 * headers Astro can read (http2-headers.ts), counts requests in flight (all
 * of them, to know when a shutdown may finish; LLM ones per client, for the in-flight
 * header), keeps the resolved client address in its store, and knows the connections to
 * close when the server stops.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Http2SecureServer, Http2Session } from 'node:http2';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { clientAddressStore } from './client-address.ts';
import { answerHealth, HEALTH_PATH } from './health.ts';
import { withHttp1Headers } from './http2-headers.ts';
import { IN_FLIGHT_HEADER, InFlightCounter, isLlmPath } from './in-flight.ts';
import { clientAddressOf, type TrustProxy } from './trust-proxy.ts';

/**
 * A request of either server kind. HTTP/2 ones are `Http2ServerRequest`s, typed as
 * Node's HTTP/1 request: the compatibility API gives them the members used here.
 */
export type SiteRequest = IncomingMessage;
/** A response of either server kind (an `Http2ServerResponse` on HTTP/2; see `SiteRequest`). */
export type SiteResponse = ServerResponse;

/** The refusal sent to a request that arrives on an open connection while draining. */
const DRAINING_BODY = JSON.stringify({
  error: {
    message: 'This server is shutting down; send the request again',
    type: 'server_error',
    code: 'server_draining',
  },
});

/** The front of the site's server. */
export interface SiteFront {
  /**
   * Handles a request: the health route and refusals while draining here; everything else
   * through `handler`, counted in flight and with its client address in the store.
   */
  handle(request: SiteRequest, response: SiteResponse, handler: () => void): void;
  /** Watches `server`'s connections, so `drain` and `cut` can close them. */
  attach(server: Server | Http2SecureServer): void;
  /** Whether the server is draining. */
  readonly draining: boolean;
  /** Requests being answered now. */
  readonly inFlight: number;
  /** Starts draining: health answers 503, idle connections close, HTTP/2 sessions get GOAWAY. */
  drain(): void;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
  /** Closes every connection now, requests in flight or not. */
  cut(): void;
}

/** The front, believing `X-Forwarded-For` as `trustProxy` says. */
export function siteFront({ trustProxy }: { trustProxy: TrustProxy }): SiteFront {
  const addresses = clientAddressStore();
  const llm = new InFlightCounter();
  /** HTTP/1.1 connections and their requests in flight. */
  const sockets = new Map<Socket, number>();
  const sessions = new Set<Http2Session>();
  let draining = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  const closeIfIdle = (socket: Socket) => {
    if (draining && (sockets.get(socket) ?? 0) === 0) socket.destroy();
  };

  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
  };

  /** The HTTP/1.1 socket of `request`, or null on HTTP/2 (its session is tracked instead). */
  const socketOf = (request: SiteRequest): Socket | null =>
    request.httpVersionMajor >= 2 ? null : (request.socket as Socket);

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },

    handle(request, response, handler) {
      const pathname = (request.url ?? '/').split('?', 1)[0] ?? '/';
      if (pathname === HEALTH_PATH) {
        answerHealth(request, response, draining).catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
        return;
      }
      const socket = socketOf(request);
      if (draining) {
        // A request on a connection opened before the drain: a load balancer retries it
        // elsewhere (503), and the connection closes after this answer.
        const headers: Record<string, string | number> = {
          'Content-Type': 'application/json; charset=utf-8',
          'Retry-After': 1,
        };
        if (socket !== null) headers.Connection = 'close';
        response.writeHead(503, headers);
        response.end(DRAINING_BODY);
        return;
      }
      inFlight += 1;
      if (socket !== null && sockets.has(socket))
        sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
      const address = clientAddressOf(
        request.socket.remoteAddress ?? 'unknown',
        request.headers['x-forwarded-for'],
        trustProxy,
      );
      withHttp1Headers(request);
      const counted = isLlmPath(pathname) ? llm.enter(address) : null;
      if (counted !== null) response.setHeader(IN_FLIGHT_HEADER, String(counted.count));
      response.once('close', () => {
        counted?.leave();
        // A socket that closed first is already forgotten; it must not come back.
        const open = socket === null ? undefined : sockets.get(socket);
        if (socket !== null && open !== undefined) {
          sockets.set(socket, open - 1);
          closeIfIdle(socket);
        }
        settle();
      });
      addresses.run(address, handler);
    },

    attach(server) {
      const watch = (socket: Socket) => {
        // HTTP/2 connections are closed through their session.
        if ((socket as Socket & { alpnProtocol?: string | false }).alpnProtocol === 'h2') return;
        sockets.set(socket, sockets.get(socket) ?? 0);
        socket.once('close', () => sockets.delete(socket));
      };
      // A TLS server's `connection` is the raw socket under the TLS one its requests use.
      server.on(server instanceof TlsServer ? 'secureConnection' : 'connection', watch);
      server.on('session', (session: Http2Session) => {
        sessions.add(session);
        session.once('close', () => sessions.delete(session));
      });
    },

    drain() {
      if (draining) return;
      draining = true;
      for (const socket of sockets.keys()) closeIfIdle(socket);
      // GOAWAY: the client opens no new stream here; the streams open finish.
      for (const session of sessions) session.close();
    },

    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    cut() {
      for (const socket of sockets.keys()) socket.destroy();
      for (const session of sessions) session.destroy();
    },
  };
}
