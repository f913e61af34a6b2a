import {
  ACCESS_CHANGE_EVENT,
  ACCESS_STORAGE_KEY,
  readAccessToken,
} from '../../core/access-token.ts';
import type { Lang } from '../../i18n/ui.ts';
import { KernelClient, type WorkerLike } from '../kernel-client.ts';
import { adoptKernelWorker } from './adopt-worker.ts';
import type { KernelControl } from './kernel-control.ts';
import { type StartedWorker, startKernelWorker } from './kernel-worker.ts';

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
 * (`ACCESS_CHANGE_EVENT`) or in another tab (`storage`). `started` is a worker the page
 * already started on the reader's first interaction; the kernel adopts it, and restarts
 * start fresh ones. `lang` is the page's language, for what the client says in it.
 */
export function createKernel(
  location: Pick<Location, 'origin' | 'pathname'>,
  started?: StartedWorker,
  start: () => WorkerLike = () => adoptKernelWorker(startKernelWorker()),
  lang: Lang = 'en',
): KernelControl {
  let early = started;
  const client = new KernelClient({
    createWorker() {
      const worker = early === undefined ? start() : adoptKernelWorker(early);
      early = undefined;
      return worker;
    },
    origin: location.origin,
    base: siteBasePath(),
    token: readAccessToken(storage()),
    page: location.pathname,
    lang,
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
