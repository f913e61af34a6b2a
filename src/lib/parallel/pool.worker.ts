/**
 * Entry of a pool worker: in the browser a module worker that Vite bundles
 * (also when started from inside the kernel worker), in Node a worker thread
 * started through `web-worker`'s bootstrap (see node-worker.ts).
 */
import { serveTasks, type TaskPort } from './worker-runtime.ts';

serveTasks(self as unknown as TaskPort);
