/**
 * Every typed array constructor, by name: the kinds of view the cache stores
 * (`yieldbook/memory`) and isolates pass in messages (`yieldbook/interpreters`).
 */
export const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;

/** The name of a typed array constructor, as `value.constructor.name` gives it. */
export type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** Any typed array (not a `DataView`). */
export type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;
