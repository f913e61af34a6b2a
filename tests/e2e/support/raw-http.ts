/**
 * One HTTP/1.1 request to a server on loopback, read to the last byte as it came on the
 * wire: nothing decodes the body behind the test's back, so compressed bytes and framing
 * headers can be checked. Shared by the browser tests and the unit tests of the server.
 */
import { type Agent, type IncomingHttpHeaders, request } from 'node:http';

/** What came back: the status, the headers and the body's raw bytes. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body in the pieces it was read in, for streams whose pacing a test checks. */
  chunks: Buffer[];
}

/** Options of `rawRequest`. */
export interface RawRequestOptions {
  /** @default 'GET' */
  method?: string;
  /** @default {} */
  headers?: Record<string, string>;
  /** The request body; none when undefined. */
  body?: string | undefined;
  /** The connection agent (`false`: a connection of its own); Node's global agent when undefined. */
  agent?: Agent | false | undefined;
}

/** Sends one request to `127.0.0.1:<port><path>` and reads the whole answer. */
export function rawRequest(
  port: number,
  path: string,
  { method = 'GET', headers = {}, body, agent }: RawRequestOptions = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path, method, headers };
    request(agent === undefined ? options : { ...options, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
          chunks,
        }),
      );
      incoming.on('error', reject);
    })
      .on('error', reject)
      .end(body);
  });
}
