/**
 * The site's service worker, for static hosts (GitHub Pages, an S3 bucket) that send no
 * headers and run no server; the coi-serviceworker approach, as the site's own code.
 *
 * - Every response of the site passes through `withSiteHeaders`, which adds the
 *   isolation and security headers the host did not send, so pages get
 *   `SharedArrayBuffer` (Interrupt, shared memory) and the site's content security policy.
 * - Requests to `<base>api/llm/v1/*` go to the network while a server answers there (one
 *   probe per service worker start), else to `offlineApi`: the offline models, in the
 *   browser.
 *
 * The page registers it only when it is not cross-origin isolated (the early head script of
 * src/integrations/static-site/early-script.ts), so where `npm start` serves the site this
 * worker never runs. `src/integrations/static-site/` bundles it to `<base>sw.js`.
 */
import { isWorkerScriptPath, proxyPrefix, type ServiceWorkerConfig } from './config.ts';
import { withSiteHeaders } from './isolation.ts';
import { offlineApi } from './offline-api.ts';

declare const __YIELDBOOK_SW__: ServiceWorkerConfig;

/** The parts of a `FetchEvent` used here (the DOM library has no service worker types). */
interface FetchEventLike extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

/** The parts of `ServiceWorkerGlobalScope` used here. */
interface ServiceWorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(
    type: 'install' | 'activate',
    listener: (event: ExtendableEventLike) => void,
  ): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

const scope = globalThis as unknown as ServiceWorkerScope;
const config = __YIELDBOOK_SW__;
const prefix = proxyPrefix(config.base);

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
// Controls the page that registered it at once, which then reloads into isolation.
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));

/** Whether a server answers the proxy's paths; asked once per start of this worker. */
let serverAnswers: Promise<boolean> | null = null;

async function probeServer(): Promise<boolean> {
  try {
    const response = await fetch(`${prefix}models`, {
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    const type = response.headers.get('Content-Type') ?? '';
    return response.ok && type.includes('json');
  } catch {
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function answerProxy(request: Request): Promise<Response> {
  serverAnswers ??= probeServer();
  if (await serverAnswers) return fetch(request);
  return withSiteHeaders(await offlineApi(request, { prefix, sleep }), config.headers.page);
}

async function answerSite(request: Request, pathname: string): Promise<Response> {
  const response = await fetch(request);
  const headers = isWorkerScriptPath(pathname, config.base)
    ? config.headers.worker
    : config.headers.page;
  return withSiteHeaders(response, headers);
}

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Only the site's own requests; a cache-only request from elsewhere cannot be fetched again.
  if (url.origin !== scope.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    url.pathname.startsWith(prefix) ? answerProxy(request) : answerSite(request, url.pathname),
  );
});
