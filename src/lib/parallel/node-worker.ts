/**
 * Node only: a pool worker as a worker thread (`startNodeThread`), wired to
 * the pool's events. Loaded by `defaultWorkerFactory` only where there is no
 * `Worker`, so browser bundles never reach it.
 */
import { startNodeThread } from '../internal/node-thread.ts';
import type { WorkerEvents, WorkerHandle } from './worker-factory.ts';

const ENTRY = 'pool.worker.ts';

export function startNodeWorker(lane: number, events: WorkerEvents): WorkerHandle {
  const thread = startNodeThread(new URL(ENTRY, import.meta.url), `yieldbook-pool-${lane}`);
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
