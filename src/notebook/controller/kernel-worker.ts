/**
 * Starts the kernel's module worker. Small and dependency-free, because the page's eager
 * script calls it on the reader's first pointer, focus or Run, before the kernel client
 * has even been downloaded: the worker fetches and evaluates its one file meanwhile.
 */

/** A kernel worker, and the `error` events it fired before the kernel client listened. */
export interface StartedWorker {
  readonly worker: Worker;
  readonly errors: Event[];
}

/** Starts a kernel worker; `adoptKernelWorker` (`adopt-worker.ts`) hands it to the client. */
export function startKernelWorker(): StartedWorker {
  // Written out in full so Vite sees the pattern and bundles the worker.
  const worker = new Worker(new URL('../kernel/kernel.worker.ts', import.meta.url), {
    type: 'module',
  });
  const errors: Event[] = [];
  worker.addEventListener('error', (event) => errors.push(event));
  return { worker, errors };
}
