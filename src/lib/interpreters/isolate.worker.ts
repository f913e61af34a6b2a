/**
 * Entry of an isolate's worker: in the browser a module worker that Vite
 * bundles (started from the page or from inside the kernel worker), in Node a
 * worker thread booted by `web-worker` (native type stripping).
 */
import { type IsolateScope, serveIsolate } from './isolate-runtime.ts';

serveIsolate(self as unknown as IsolateScope);
