/**
 * Entry of the kernel worker, in the browser (a module worker bundled by
 * Vite) and in Node (through `web-worker`, with native type stripping).
 */
import { Kernel, type KernelPort } from './kernel.ts';

new Kernel({
  port: self as unknown as KernelPort,
  // Its own chunk (sucrase, acorn, magic-string): loaded only for a cell the build did not compile.
  loadTransform: () => import('../transform/transform.ts').then((module) => module.transformCell),
}).listen();
