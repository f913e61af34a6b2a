/**
 * Node only: a `Worker` global for cell code in the headless kernel, so that a lesson
 * can start a worker by hand (`new Worker(url)`) and be checked outside the browser.
 *
 * Node has no Web Workers. This class starts a worker thread instead, booted by the
 * `web-worker` package's worker side (`startNodeThread`), on the file the site would
 * serve at that URL: the site's static files live in `public/`, so
 * `<origin><base>workers/double.js` is `public/workers/double.js`. Relative URLs resolve
 * as they do in the browser's kernel worker, whose script lives under `<base>_astro/`.
 * Any other URL fails the way a browser worker fails to load: with an `error` event.
 *
 * Installed by `kernel.worker.ts` where `Worker` is missing; the course library
 * (`hasWebWorkers`) does not take it for a browser and keeps starting its own threads.
 */
import { nodeBuiltin } from '../../core/environment.ts';
import { type NodeThread, startNodeThread } from '../../lib/internal/node-thread.ts';
import { siteBase, siteOrigin } from '../../lib/llm/site.ts';

/** Where the site's static files are, from this file (src/notebook/kernel/). */
const PUBLIC_DIR = new URL('../../../public/', import.meta.url);

interface FsModule {
  existsSync(path: URL): boolean;
}

type Listener = (event: Event) => void;

/** An `error` event as a browser worker dispatches it: `message` says what went wrong. */
function errorEvent(message: string, error?: unknown): Event {
  return Object.assign(new Event('error', { cancelable: true }), { message, error });
}

/** The file under `public/` that `url` names on this site, or a reason it names none. */
export function publicFile(
  url: URL,
  site: { origin: string; base: string },
): URL | { refused: string } {
  if (url.origin !== site.origin || !url.pathname.startsWith(site.base)) {
    return { refused: `${url.href} is not a file of this site (${site.origin}${site.base})` };
  }
  const file = new URL(`.${url.pathname.slice(site.base.length - 1)}`, PUBLIC_DIR);
  if (!file.href.startsWith(PUBLIC_DIR.href) || file.href === PUBLIC_DIR.href) {
    return { refused: `${url.href} is not a file of this site` };
  }
  return file;
}

/** The part of the DOM `Worker` cell code uses: messages, events, `terminate()`. */
class NodeWorker extends EventTarget {
  #thread: NodeThread | null = null;
  #handlers = new Map<string, Listener | null>();

  constructor(scriptURL: string | URL, options: { name?: string } = {}) {
    super();
    const origin = siteOrigin();
    const base = siteBase();
    const url = new URL(String(scriptURL), `${origin}${base}_astro/`);
    const file = publicFile(url, { origin, base });
    const fs = nodeBuiltin<FsModule>('node:fs');
    if ('refused' in file || !fs?.existsSync(file)) {
      const problem =
        'refused' in file
          ? file.refused
          : `${url.pathname} is not served by this site (no such file in public/)`;
      // A browser reports a script it cannot load after the constructor returns.
      setTimeout(() => this.dispatchEvent(errorEvent(`Failed to load the worker: ${problem}`)));
      return;
    }
    const thread = startNodeThread(file, options.name ?? url.pathname);
    thread.on('message', (data) => this.dispatchEvent(new MessageEvent('message', { data })));
    thread.on('error', (error) => this.dispatchEvent(errorEvent(error.message, error)));
    this.#thread = thread;
  }

  get onmessage(): Listener | null {
    return this.#handlers.get('message') ?? null;
  }
  set onmessage(handler: Listener | null) {
    this.#setHandler('message', handler);
  }
  get onerror(): Listener | null {
    return this.#handlers.get('error') ?? null;
  }
  set onerror(handler: Listener | null) {
    this.#setHandler('error', handler);
  }

  /** Sends `message` to the worker, moving the buffers in `transfer`. */
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.#thread?.postMessage(message, transfer);
  }

  /** Stops the worker at once; messages on their way are dropped. */
  terminate(): void {
    void this.#thread?.terminate();
    this.#thread = null;
  }

  #setHandler(type: string, handler: Listener | null): void {
    const old = this.#handlers.get(type);
    if (old) this.removeEventListener(type, old);
    this.#handlers.set(type, typeof handler === 'function' ? handler : null);
    if (typeof handler === 'function') this.addEventListener(type, handler);
  }
}

/** Gives `scope` a `Worker` for cell code, where it has none. */
export function installNodeWorker(scope: { Worker?: unknown }): void {
  if (scope.Worker === undefined) scope.Worker = NodeWorker;
}
