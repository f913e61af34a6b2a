/**
 * Entry of the kernel worker, in the browser (a module worker bundled by
 * Vite) and in Node (through `web-worker`, with native type stripping).
 */
import { isNode } from '../../core/environment.ts';
import { Kernel, type KernelPort } from './kernel.ts';

if (isNode()) {
  // Node has no `Worker` for cells that start one by hand; browsers never load this chunk.
  const { installNodeWorker } = await import('./node-worker.ts');
  installNodeWorker(globalThis);
}

new Kernel({
  port: self as unknown as KernelPort,
  // Its own chunk (sucrase, acorn, magic-string): loaded only for a cell the build did not compile.
  loadTransform: () => import('../transform/transform.ts').then((module) => module.transformCell),
}).listen();
