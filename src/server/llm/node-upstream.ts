/**
 * The proxy's upstream client on `node:http` and `node:https`, with a keep-alive agent of
 * its own: connections to the upstream are reused, and the answer is read as Node buffers
 * (node-body.ts). It does what the proxy asked of `fetch` (a POST of a JSON text,
 * redirects not followed, the request dropped when its signal aborts), with no
 * `Request`/`Response` objects, WHATWG streams or header validation per request.
 * It asks for no compression: the answer is relayed as it comes.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { nodeBody, nodeHeaders } from './node-body.ts';
import type { FetchLike, UpstreamResponse } from './types.ts';

/** The upstream client: a `FetchLike`, with its idle connections to close. */
export type NodeUpstream = FetchLike & {
  /** Closes the idle connections (those in use close when their answer ends). */
  close(): void;
};

/**
 * Idle connections are closed after this many ms, before a Node upstream would close
 * them (its `keepAliveTimeout` is 5 s): a request sent as the upstream closes fails.
 */
const IDLE_MS = 4_000;

/** A client with its own keep-alive agents (one for `http:`, one for `https:`). */
export function nodeUpstream(): NodeUpstream {
  const options = { keepAlive: true, scheduling: 'lifo', timeout: IDLE_MS } as const;
  const agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  // The proxy asks for one URL, always: it is parsed once, not per request.
  let last: { input: string; url: URL; target: ReturnType<typeof urlToHttpOptions> } | null = null;
  const send: FetchLike = (input, init) =>
    new Promise<UpstreamResponse>((resolve, reject) => {
      if (last?.input !== input) {
        const parsed = new URL(input);
        last = { input, url: parsed, target: urlToHttpOptions(parsed) };
      }
      const { url, target } = last;
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:') {
        reject(new TypeError(`Expected an http: or https: upstream URL, got ${url.protocol}`));
        return;
      }
      const body = Buffer.from(init.body, 'utf8');
      const outgoing = (secure ? httpsRequest : httpRequest)(
        {
          ...target,
          method: init.method,
          headers: { ...init.headers, 'Content-Length': String(body.byteLength) },
          agent: secure ? agents.https : agents.http,
          signal: init.signal,
        },
        (incoming) => {
          const status = incoming.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: nodeHeaders(incoming.headers),
            body: nodeBody(incoming),
          });
        },
      );
      // Once the answer has come, its body's reader reports what goes wrong.
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return Object.assign(send, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}
