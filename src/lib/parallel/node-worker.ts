/**
 * Node only: a pool worker as a worker thread (`startNodeThread`), wired to
 * the pool's events. Loaded by `defaultWorkerFactory` only where there is no
 * `Worker`, so browser bundles never reach it.
 */
import { startNodeThread } from '../internal/node-thread.ts';
import type { PoolReply, PoolRequest } from './protocol.ts';

const ENTRY = 'pool.worker.ts';

// The two shapes below are the pool's `WorkerEvents` and `WorkerHandle`, stated
// here rather than imported: `worker-factory.ts` imports this module, and the
// compiler checks that they match where it passes them on.

/** Where the thread's replies and its end are reported. */
interface ThreadEvents {
  message(reply: PoolReply): void;
  died(reason: string): void;
}

/** The started thread, as the pool drives it. */
interface ThreadHandle {
  postMessage(message: PoolRequest, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Starts worker number `lane` of a pool as a worker thread. */
export function startNodeWorker(lane: number, events: ThreadEvents): ThreadHandle {
  const thread = startNodeThread(new URL(ENTRY, import.meta.url), `yieldbook-pool-${lane}`);
  let stopping = false;
  let dead = false;
  thread.on('message', (data) => events.message(data as PoolReply));
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
