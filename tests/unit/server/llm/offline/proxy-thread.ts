/**
 * A worker thread serving the proxy with the offline model (delay scale 0) on a free
 * loopback port and measuring its own event loop: the test's requests and fuzzing run on
 * another thread, so the stall measured is the server's alone.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { parseProxyConfig } from '../../../../../src/server/llm/config.ts';
import { startProxyServer } from '../../../../../src/server/llm/node-server.ts';
import { createLlmProxy } from '../../../../../src/server/llm/proxy.ts';

/** What the test sends: start measuring, or stop and report the longest stall. */
export type ToProxyThread = { type: 'measure' } | { type: 'report' };

/** What the thread answers. */
export type FromProxyThread =
  | { type: 'ready'; origin: string }
  | { type: 'measuring' }
  | { type: 'stall'; ms: number };

const port = parentPort;
if (port === null) throw new Error('Expected proxy-thread.ts to run in a worker thread');
const send = (message: FromProxyThread) => port.postMessage(message);

const proxy = await startProxyServer(
  createLlmProxy({ config: parseProxyConfig({}), offlineDelayScale: 0, logger: silent() }),
);
const histogram = monitorEventLoopDelay({ resolution: 10 });

port.on('message', (message: ToProxyThread) => {
  if (message.type === 'measure') {
    histogram.reset();
    histogram.enable();
    send({ type: 'measuring' });
  } else {
    histogram.disable();
    send({ type: 'stall', ms: histogram.max / 1e6 });
  }
});
send({ type: 'ready', origin: proxy.origin });

function silent() {
  const ignore = () => {};
  return { info: ignore, warn: ignore, error: ignore };
}
