/**
 * A JSON POST over `node:http` to a server on loopback, read to its end: the benchmarks that
 * choose their connections (a keep-alive agent of one socket, a student's own local address)
 * send their requests with it.
 */
import { type Agent, request } from 'node:http';

/** What came back: the status and the body as UTF-8 text. */
export interface TextAnswer {
  status: number;
  text: string;
}

/** Options of `postJson`. */
export interface PostJsonOptions {
  /** The connection agent; Node's global agent when undefined. */
  agent?: Agent | undefined;
  /** Headers besides `Content-Type` and `Content-Length`. @default {} */
  headers?: Record<string, string>;
}

/**
 * Posts `payload` (JSON text) to `127.0.0.1:<port><path>` with its `Content-Length`, so the
 * body goes in one piece rather than chunked, and reads the whole answer.
 * @throws Error (the promise rejects) when the connection fails or breaks off.
 */
export function postJson(
  port: number,
  path: string,
  payload: string,
  { agent, headers = {} }: PostJsonOptions = {},
): Promise<TextAnswer> {
  return new Promise((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: {
        ...headers,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      },
    };
    request(agent === undefined ? options : { ...options, agent }, (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (part: string) => {
        text += part;
      });
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
      incoming.on('error', reject);
    })
      .on('error', reject)
      .end(payload);
  });
}
