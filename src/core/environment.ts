/**
 * What the host offers, each probe answering one question. Code that runs in
 * the page, in workers and in Node (src/lib, the kernel client) asks here
 * instead of probing globals itself, so every answer means the same wherever
 * it is asked.
 */

interface HostGlobals {
  crossOriginIsolated?: boolean;
  document?: unknown;
  WorkerGlobalScope?: unknown;
  process?: {
    versions?: { node?: string };
    getBuiltinModule?: (id: string) => unknown;
  };
}

const host = globalThis as HostGlobals;

/**
 * Whether this is Node (a worker thread included): the headless lesson
 * checker, the tests and the server. Not a browser page or Web Worker.
 */
export function isNode(): boolean {
  return typeof host.process?.versions?.node === 'string';
}

/**
 * A Node built-in module (`node:fs`, `node:worker_threads`…) loaded
 * synchronously through `process.getBuiltinModule`, or `undefined` outside
 * Node (and before Node 22.3). Unlike an `import`, it leaves browser bundles
 * free of any Node import.
 */
export function nodeBuiltin<T>(id: `node:${string}`): T | undefined {
  return host.process?.getBuiltinModule?.(id) as T | undefined;
}

/**
 * Whether a `SharedArrayBuffer` can be created here and shared with workers.
 * Browsers withhold it from pages (and their workers) that are not
 * cross-origin isolated (`crossOriginIsolated === false`); Node, which has no
 * such flag, always shares.
 */
export function hasSharedMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && host.crossOriginIsolated !== false;
}

/**
 * Whether this thread may block in `Atomics.wait`: any worker, and Node's
 * main thread, but not a browser page's main thread.
 */
export function canBlock(): boolean {
  return host.document === undefined || host.WorkerGlobalScope !== undefined;
}

/**
 * Whether Web Workers can be started here (browser pages, and the kernel
 * worker in browsers). Node has none: it starts worker threads instead.
 */
export function hasWebWorkers(): boolean {
  // Node's headless kernel gives cell code a `Worker` of its own (threads on the
  // site's files); the library keeps starting its threads directly there.
  return typeof Worker === 'function' && !isNode();
}
