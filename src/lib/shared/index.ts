/**
 * `yieldbook/shared`: numbers, arrays, locks and barriers in shared memory
 * (`SharedArrayBuffer` + `Atomics`), passed to pool workers by reference.
 * The analog of `multiprocessing.Value`, `Array` and `Lock`.
 */

export { hasSharedMemory } from '../../core/environment.ts';
export { Barrier } from './barrier.ts';
export { requireSharedMemory } from './isolation.ts';
export type { SharedKind, SharedKindArrays, SharedTypedArray } from './kinds.ts';
export { Lock } from './lock.ts';
export { decodeShared, encodeShared } from './revive.ts';
export { SharedArray } from './shared-array.ts';
export { SharedValue } from './shared-value.ts';
