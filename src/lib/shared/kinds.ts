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

/** A typed array viewing shared memory. */
export type SharedTypedArray =
  | Int8Array<SharedArrayBuffer>
  | Uint8Array<SharedArrayBuffer>
  | Int16Array<SharedArrayBuffer>
  | Uint16Array<SharedArrayBuffer>
  | Int32Array<SharedArrayBuffer>
  | Uint32Array<SharedArrayBuffer>
  | Float32Array<SharedArrayBuffer>
  | Float64Array<SharedArrayBuffer>;

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

/** Whether Atomics can update this kind (integers only). */
export function isAtomicKind(kind: SharedKind): boolean {
  return !kind.startsWith('float');
}
