import type { WorkerLike } from '../kernel-client.ts';

/** The `Worker` members `KernelClient` uses (the DOM's, or a fake in tests). */
export interface RawWorker {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  terminate(): void;
}

/**
 * Wraps a worker started by `startKernelWorker` for `KernelClient`. The `errors` it fired
 * before anyone listened (its script failed to load while the page was still fetching the
 * client) go to the first `error` listener, so a kernel started early fails as loudly as
 * one started late.
 */
export function adoptKernelWorker(started: {
  readonly worker: RawWorker;
  readonly errors: Event[];
}): WorkerLike {
  const { worker, errors } = started;
  let replayed = false;
  return {
    postMessage: (message: unknown) => worker.postMessage(message),
    addEventListener: (type: 'message' | 'error', listener: (event: never) => void) => {
      worker.addEventListener(type, listener as (event: Event) => void);
      if (type !== 'error' || replayed) return;
      replayed = true;
      for (const event of errors.splice(0)) (listener as (event: Event) => void)(event);
    },
    terminate: () => worker.terminate(),
  };
}
