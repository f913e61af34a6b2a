import {
  ACCESS_CHANGE_EVENT,
  ACCESS_STORAGE_KEY,
  readAccessToken,
} from '../../core/access-token.ts';
import { KernelClient } from '../kernel-client.ts';
import type { KernelControl } from './kernel-control.ts';

/** The site's base path with a slash at each end, as Vite was built with it (`SITE_BASE`). */
export function siteBasePath(base: string = import.meta.env.BASE_URL): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** `localStorage`, or null where the page may not use it. */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The page's kernel: a module worker that Vite bundles from `kernel.worker.ts`. It gets
 * the reader's access token, and the new one whenever the reader signs in or out, here
 * (`ACCESS_CHANGE_EVENT`) or in another tab (`storage`).
 */
export function createKernel(location: Pick<Location, 'origin' | 'pathname'>): KernelControl {
  const client = new KernelClient({
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
    base: siteBasePath(),
    token: readAccessToken(storage()),
    page: location.pathname,
  });
  const update = (event: Event) => {
    if (event instanceof StorageEvent && event.key !== ACCESS_STORAGE_KEY && event.key !== null) {
      return;
    }
    client.setAccessToken(readAccessToken(storage()));
  };
  // A page makes one kernel client and keeps it (restarts replace only its worker), so the
  // listeners live as long as the page.
  addEventListener('storage', update);
  addEventListener(ACCESS_CHANGE_EVENT, update);
  return client;
}
