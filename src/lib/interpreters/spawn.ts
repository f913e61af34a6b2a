import { hasWebWorkers } from '../../core/environment.ts';
import { startNodeThread } from '../internal/node-thread.ts';
import type { FromIsolate, ToIsolate } from './protocol.ts';

/** What an isolate needs of its worker; `spawnIsolateWorker` makes one, tests may pass their own. */
export interface IsolateWorker {
  postMessage(message: ToIsolate): void;
  /** Messages from the isolate. */
  onMessage(listener: (message: FromIsolate) => void): void;
  /** The worker failed (did not load, crashed) or its thread ended; `reason` says how. */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

/** Starts the worker of one isolate. */
export type SpawnIsolate = () => IsolateWorker;

/** The entry file, as a plain string so Vite's `new URL(…)` asset rule leaves the Node path alone. */
const ENTRY = './isolate.worker.ts';

/**
 * Starts `isolate.worker.ts`: a module Web Worker where there is one (the
 * page, the kernel worker: Vite bundles it from the literal below), and in
 * Node a worker thread (`startNodeThread`), so the isolate sees the same
 * `self`, `postMessage` and events as in a browser.
 */
export function spawnIsolateWorker(): IsolateWorker {
  if (hasWebWorkers()) {
    // Written out in full so Vite sees the pattern and bundles the worker.
    const worker = new Worker(new URL('./isolate.worker.ts', import.meta.url), { type: 'module' });
    return fromWebWorker(worker);
  }
  return spawnInNode(new URL(ENTRY, import.meta.url));
}

function fromWebWorker(worker: Worker): IsolateWorker {
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) =>
      worker.addEventListener('message', (event) => listener(event.data as FromIsolate)),
    onExit: (listener) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(event.message ? `it failed: ${event.message}` : 'its script failed to load');
      });
      worker.addEventListener('messageerror', () =>
        listener('a message from it could not be read'),
      );
    },
    terminate: () => worker.terminate(),
  };
}

function spawnInNode(entry: URL): IsolateWorker {
  const worker = startNodeThread(entry, 'isolate');
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (data) => listener(data as FromIsolate)),
    onExit: (listener) => {
      worker.on('error', (error: Error) => listener(`it failed: ${error.message}`));
      worker.on('exit', (code: number) => listener(`its thread exited with code ${code}`));
    },
    terminate: () => void worker.terminate(),
  };
}
