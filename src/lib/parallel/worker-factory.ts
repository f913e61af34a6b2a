import { hasWebWorkers } from '../../core/environment.ts';
import type { PoolReply, PoolRequest } from './protocol.ts';

/** What the pool needs of one worker. */
export interface WorkerHandle {
  postMessage(message: PoolRequest, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Callbacks a factory wires to the worker it starts. */
export interface WorkerEvents {
  message(reply: PoolReply): void;
  /** The worker stopped or failed to load; `reason` says how, for the error the task gets. */
  died(reason: string): void;
}

/** Starts worker number `lane` of a pool. Passed in so tests and hosts can swap it. */
export type WorkerFactory = (
  lane: number,
  events: WorkerEvents,
) => WorkerHandle | Promise<WorkerHandle>;

/**
 * The default factory: a module Web Worker where `Worker` exists (browsers,
 * including inside the kernel worker), else a Node worker thread.
 */
export const defaultWorkerFactory: WorkerFactory = (lane, events) => {
  if (!hasWebWorkers()) {
    // Kept out of browser bundles' static graph: only Node takes this path.
    return import('./node-worker.ts').then(({ startNodeWorker }) => startNodeWorker(lane, events));
  }
  // Written out in full so Vite sees the pattern and bundles the worker entry.
  const worker = new Worker(new URL('./pool.worker.ts', import.meta.url), {
    type: 'module',
    name: `yieldbook-pool-${lane}`,
  });
  worker.addEventListener('message', (event: MessageEvent<PoolReply>) =>
    events.message(event.data),
  );
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    events.died(
      event.message ||
        'the worker failed to load or threw an uncaught error (a worker script needs COEP headers on an isolated page)',
    );
  });
  worker.addEventListener('messageerror', () =>
    events.died('a message from the worker could not be read'),
  );
  return worker;
};
