/**
 * Starts the kernel's module worker. Small and dependency-free, because the page's eager
 * script calls it on the reader's first pointer, focus or Run, before the kernel client
 * has even been downloaded: the worker fetches and evaluates its modules meanwhile.
 */
import { workerImports } from 'virtual:yieldbook/worker-imports';

/** The kernel worker's entry, as `workerImports` names it. */
const KERNEL_ENTRY = 'kernel.worker';

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
  preload(workerImports[KERNEL_ENTRY] ?? []);
  return { worker, errors };
}

/**
 * Fetches the files the worker's entry imports, while its thread starts: the worker would
 * ask for them only once its entry has been fetched and parsed, one round trip later, and
 * now finds them in the HTTP cache (hashed files, cached for a year). A failure costs
 * nothing: the worker fetches them itself and reports what fails.
 */
function preload(urls: readonly string[]): void {
  for (const url of urls) {
    fetch(new URL(url, import.meta.url))
      .then((response) => response.arrayBuffer())
      .catch(() => {});
  }
}
