/**
 * The smallest reverse proxy Node's own `http` module makes: a keep-alive agent, the
 * request piped up, the answer piped back, nothing checked. bench:vs-python runs it next
 * to server.mjs and nginx, in front of the same upstream, as the floor of what any proxy
 * written for Node pays per request on this machine.
 *
 * Environment: `PORT` (where it listens), `UPSTREAM_PORT`. Prints `listening` once it does.
 */
import { Agent, createServer, request } from 'node:http';
import process from 'node:process';

/** The path prefix server.mjs and the nginx config serve the proxy under. */
const PREFIX = '/api/llm';

const port = Number(process.env.PORT);
const upstreamPort = Number(process.env.UPSTREAM_PORT);
if (!Number.isInteger(port) || !Number.isInteger(upstreamPort)) {
  throw new TypeError(
    `Expected \`PORT\` and \`UPSTREAM_PORT\` to be integers, got ${process.env.PORT} and ${process.env.UPSTREAM_PORT}`,
  );
}
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

createServer((incoming, outgoing) => {
  const path = (incoming.url ?? '/').slice(PREFIX.length);
  const forward = request(
    {
      host: '127.0.0.1',
      port: upstreamPort,
      method: incoming.method,
      path,
      headers: incoming.headers,
      agent,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forward.once('error', () => {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  });
  incoming.pipe(forward);
}).listen(port, '127.0.0.1', () => console.log('listening'));
