/**
 * Node only: starts a worker entry (`*.worker.ts`) as a `worker_threads`
 * thread booted by the `web-worker` package's worker side, so the entry sees
 * the same `self`, `postMessage` and events as in a browser worker. The
 * package's own `Worker` class cannot be used inside a thread it started
 * (there its module is the thread's bootstrap), which is where the headless
 * kernel runs; starting the thread directly works at any depth. Shared by the
 * pool (`yieldbook/parallel`) and the isolates (`yieldbook/interpreters`).
 */
import { nodeBuiltin } from '../../core/environment.ts';

/** As much of a Node worker thread as the course library uses. */
export interface NodeThread {
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  postMessage(message: unknown, transfer?: readonly Transferable[]): void;
  terminate(): Promise<number>;
}

interface ThreadsModule {
  Worker: new (
    file: string,
    options: { name: string; workerData: { mod: string; name: string; type: 'module' } },
  ) => NodeThread;
}

interface UrlModule {
  fileURLToPath(url: string | URL): string;
}

/** Starts `entry` in a new thread named `name`; throws where Node's worker threads are missing. */
export function startNodeThread(entry: URL, name: string): NodeThread {
  const threads = nodeBuiltin<ThreadsModule>('node:worker_threads');
  const url = nodeBuiltin<UrlModule>('node:url');
  if (!threads || !url) {
    throw new Error(
      `Expected a Web Worker or Node 22.3+ worker threads to start ${name}, got neither`,
    );
  }
  const bootstrap = url.fileURLToPath(import.meta.resolve('web-worker'));
  return new threads.Worker(bootstrap, {
    name,
    workerData: { mod: url.fileURLToPath(entry), name, type: 'module' },
  });
}
