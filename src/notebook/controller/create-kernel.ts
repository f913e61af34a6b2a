import { KernelClient } from '../kernel-client.ts';
import type { KernelControl } from './kernel-control.ts';

/** The page's kernel: a module worker that Vite bundles from `kernel.worker.ts`. */
export function createKernel(location: Pick<Location, 'origin' | 'pathname'>): KernelControl {
  return new KernelClient({
    createWorker() {
      // Written out in full so Vite sees the pattern and bundles the worker.
      const worker = new Worker(new URL('../kernel/kernel.worker.ts', import.meta.url), {
        type: 'module',
      });
      // The client wants only these three members, with listeners typed loosely.
      return {
        postMessage: (message: unknown) => worker.postMessage(message),
        addEventListener: (type: 'message' | 'error', listener: (event: never) => void) =>
          worker.addEventListener(type, listener as (event: Event) => void),
        terminate: () => worker.terminate(),
      };
    },
    origin: location.origin,
    page: location.pathname,
  });
}
