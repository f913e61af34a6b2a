/**
 * Entry of the kernel worker, in the browser (a module worker bundled by
 * Vite) and in Node (through `web-worker`, with native type stripping).
 */
import { transformCell } from '../transform/transform.ts';
import { Kernel, type KernelPort } from './kernel.ts';

new Kernel({ port: self as unknown as KernelPort, transform: transformCell }).listen();
