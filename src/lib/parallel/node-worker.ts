/**
 * Node only: a pool worker as a `worker_threads` thread, booted by the
 * `web-worker` package's bootstrap so `self`, `postMessage` and
 * `addEventListener` behave as in a browser worker. `web-worker`'s own
 * `Worker` class cannot be used from inside a worker thread (its module
 * there is the bootstrap and exports nothing), which is where the notebook
 * kernel runs in Node, so the thread is started directly.
 */
import type { WorkerEvents, WorkerHandle } from './worker-factory.ts';

interface NodeThread {
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  postMessage(message: unknown, transfer?: readonly Transferable[]): void;
  terminate(): Promise<number>;
}

type ModuleModule = { createRequire(from: string): { resolve(id: string): string } };

type ThreadsModule = {
  Worker: new (file: string | URL, options: { workerData: unknown; name?: string }) => NodeThread;
};

// Specifiers in variables so browser bundlers leave them alone.
const THREADS = 'node:worker_threads';
const MODULE = 'node:module';
const ENTRY = 'pool.worker.ts';

export async function startNodeWorker(lane: number, events: WorkerEvents): Promise<WorkerHandle> {
  const { Worker } = (await import(/* @vite-ignore */ THREADS)) as ThreadsModule;
  const { createRequire } = (await import(/* @vite-ignore */ MODULE)) as ModuleModule;
  // The CommonJS build: its top level boots the worker scope from `workerData`.
  const bootstrap = createRequire(import.meta.url).resolve('web-worker');
  const entry = new URL(ENTRY, import.meta.url);
  const thread = new Worker(bootstrap, {
    name: `yieldbook-pool-${lane}`,
    workerData: {
      mod: decodeURIComponent(entry.pathname),
      name: `yieldbook-pool-${lane}`,
      type: 'module',
    },
  });
  let stopping = false;
  let dead = false;
  thread.on('message', (data) => events.message(data as Parameters<WorkerEvents['message']>[0]));
  thread.on('error', (error) => {
    if (dead) return;
    dead = true;
    events.died(`${error.name}: ${error.message}`);
  });
  thread.on('exit', (code) => {
    if (stopping || dead) return;
    dead = true;
    events.died(`the worker thread exited with code ${code}`);
  });
  return {
    postMessage: (message, transfer) => thread.postMessage(message, transfer),
    terminate() {
      stopping = true;
      void thread.terminate();
    },
  };
}
