/** The element types shared values and arrays can hold, by name. */
const KINDS = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

export type SharedKind = keyof typeof KINDS;

/** The typed array each kind names, viewing shared memory. */
export interface SharedKindArrays {
  int8: Int8Array<SharedArrayBuffer>;
  uint8: Uint8Array<SharedArrayBuffer>;
  int16: Int16Array<SharedArrayBuffer>;
  uint16: Uint16Array<SharedArrayBuffer>;
  int32: Int32Array<SharedArrayBuffer>;
  uint32: Uint32Array<SharedArrayBuffer>;
  float32: Float32Array<SharedArrayBuffer>;
  float64: Float64Array<SharedArrayBuffer>;
}

/** A typed array viewing shared memory. */
export type SharedTypedArray = SharedKindArrays[SharedKind];

/** What every constructor in `KINDS` can do, typed for shared memory. */
export interface SharedKindConstructor {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: SharedArrayBuffer, byteOffset?: number, length?: number): SharedTypedArray;
}

/** The typed-array constructor for `kind`, or a clear error listing the kinds. */
export function kindConstructor(kind: string): SharedKindConstructor {
  if (!Object.hasOwn(KINDS, kind)) {
    throw new TypeError(
      `Expected \`kind\` to be one of ${Object.keys(KINDS).join(', ')}, got ${String(kind)}`,
    );
  }
  return KINDS[kind as SharedKind] as unknown as SharedKindConstructor;
}

/** A view of `buffer` as the typed array `kind` names (`'uint8'`: a `Uint8Array`). */
export function viewAs<K extends SharedKind>(
  kind: K,
  buffer: SharedArrayBuffer,
  byteOffset?: number,
  length?: number,
): SharedKindArrays[K] {
  const Typed = kindConstructor(kind);
  // KINDS maps each kind to the constructor of exactly SharedKindArrays[kind].
  return new Typed(buffer, byteOffset, length) as SharedKindArrays[K];
}

/** Whether Atomics can update this kind (integers only). */
export function isAtomicKind(kind: SharedKind): boolean {
  return !kind.startsWith('float');
}
