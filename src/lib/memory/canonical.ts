/**
 * The canonical, type-tagged encoding of a value, streamed into a sink. Equal
 * values give equal bytes whatever their key or insertion order; values that
 * JavaScript keeps apart (`0` and `-0`, `1` and `1n`, `[]` and `{}`, a
 * Float32Array and a Float64Array with the same bytes) give different bytes.
 */
import { HashingError } from './errors.ts';
import { unwrapView } from './read-only.ts';

/** Where encoded bytes go. `bytes` may be a view on caller memory: a sink must not keep it. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/** Objects that say how they are hashed: their class name and the value returned here. */
export const cacheKey: unique symbol = Symbol.for('yieldbook.memory.cacheKey');

/** An object with its own hashing rule. */
export interface HasCacheKey {
  [cacheKey](): unknown;
}

const TAG = {
  undefined: 1,
  null: 2,
  false: 3,
  true: 4,
  number: 5,
  bigint: 6,
  string: 7,
  array: 8,
  object: 9,
  map: 10,
  set: 11,
  typed: 12,
  arrayBuffer: 13,
  dataView: 14,
  date: 15,
  regexp: 16,
  keyed: 17,
  hole: 18,
  stringKeyedMap: 19,
  stringSet: 20,
} as const;

function allStrings(values: Iterable<unknown>): boolean {
  for (const value of values) if (typeof value !== 'string') return false;
  return true;
}

/**
 * Collects the encodings of Map entries and Set items in one growing buffer,
 * remembering where each ends, so they can be sorted before hashing.
 */
class EntryArena implements ByteSink {
  #bytes = new Uint8Array(64 * 1024);
  #length = 0;
  readonly #ends: number[] = [];

  write(bytes: Uint8Array): void {
    if (this.#length + bytes.byteLength > this.#bytes.byteLength) {
      let size = this.#bytes.byteLength * 2;
      while (size < this.#length + bytes.byteLength) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.byteLength;
  }

  /** Ends the current entry. */
  mark(): void {
    this.#ends.push(this.#length);
  }

  /** Each entry's bytes (views on the arena). */
  entries(): Uint8Array[] {
    let start = 0;
    return this.#ends.map((end) => {
      const entry = this.#bytes.subarray(start, end);
      start = end;
      return entry;
    });
  }
}

const TEXT = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return String(value);
  const name = (value as object).constructor?.name;
  return name ? `an instance of ${name}` : 'an object';
}

/** The default size of an encoder's scratch buffer. */
export const SCRATCH_BYTES = 64 * 1024;

/**
 * Writes the canonical encoding of values into a sink, buffering small writes
 * in a scratch buffer and passing the bytes of typed arrays straight through.
 */
export class CanonicalEncoder {
  readonly #sink: ByteSink;
  readonly #scratch: Uint8Array;
  readonly #view: DataView;
  readonly #text = TEXT;
  #used = 0;
  readonly #stack = new Set<object>();

  /**
   * @param scratch Where small writes are gathered (64 KiB by default). A caller that
   * encodes often passes one buffer it reuses: a fresh 64 KiB per encoder made the
   * garbage collector a large part of a small cache hit.
   */
  constructor(sink: ByteSink, scratch: Uint8Array = new Uint8Array(SCRATCH_BYTES)) {
    this.#sink = sink;
    this.#scratch = scratch;
    this.#view = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength);
  }

  /** Encodes `value`; throws `HashingError` for what has no canonical form. */
  encode(value: unknown, path = 'argument'): void {
    switch (typeof value) {
      case 'undefined':
        this.#tag(TAG.undefined);
        return;
      case 'boolean':
        this.#tag(value ? TAG.true : TAG.false);
        return;
      case 'number':
        this.#tag(TAG.number);
        this.#float(Number.isNaN(value) ? Number.NaN : value);
        return;
      case 'bigint':
        this.#tag(TAG.bigint);
        this.#string(value.toString(16));
        return;
      case 'string':
        this.#tag(TAG.string);
        this.#string(value);
        return;
      case 'function':
      case 'symbol':
        throw new HashingError(
          `Cannot hash ${path}: ${describeValue(value)} has no stable content to hash. Pass data instead, or leave it out of the key with \`ignore\`.`,
        );
      default:
        break;
    }
    if (value === null) this.#tag(TAG.null);
    else this.#object(value as object, path);
  }

  /** Sends buffered bytes to the sink. */
  flush(): void {
    if (this.#used === 0) return;
    this.#sink.write(this.#scratch.subarray(0, this.#used));
    this.#used = 0;
  }

  #object(input: object, path: string): void {
    // A read-only cached array hashes like the array it views (joblib's `coerce_mmap`).
    const value = unwrapView(input);
    if (this.#stack.has(value)) {
      throw new HashingError(`Cannot hash ${path}: it contains a reference to itself`);
    }
    this.#stack.add(value);
    try {
      this.#objectBody(value, path);
    } finally {
      this.#stack.delete(value);
    }
  }

  #objectBody(value: object, path: string): void {
    if (ArrayBuffer.isView(value)) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (value instanceof DataView) {
        this.#tag(TAG.dataView);
      } else {
        this.#tag(TAG.typed);
        this.#string(value.constructor.name);
        this.#uint((value as unknown as { length: number }).length);
      }
      this.#uint(bytes.byteLength);
      this.#raw(bytes);
      return;
    }
    if (value instanceof ArrayBuffer || isSharedArrayBuffer(value)) {
      this.#tag(TAG.arrayBuffer);
      this.#uint(value.byteLength);
      this.#raw(new Uint8Array(value));
      return;
    }
    if (Array.isArray(value)) {
      this.#tag(TAG.array);
      this.#uint(value.length);
      for (let i = 0; i < value.length; i += 1) {
        if (!(i in value)) this.#tag(TAG.hole);
        else this.encode(value[i], `${path}[${i}]`);
      }
      return;
    }
    if (value instanceof Date) {
      this.#tag(TAG.date);
      this.#float(value.getTime());
      return;
    }
    if (value instanceof RegExp) {
      this.#tag(TAG.regexp);
      this.#string(`${value.source}/${value.flags}`);
      return;
    }
    if (value instanceof Map && allStrings(value.keys())) {
      // The common case (a vocabulary, a lookup table): sorting the keys as strings
      // is much cheaper than encoding each entry apart and sorting the bytes.
      const keys = [...(value as Map<string, unknown>).keys()].sort();
      const valuePath = `${path} (a Map value)`;
      this.#tag(TAG.stringKeyedMap);
      this.#uint(keys.length);
      for (const key of keys) {
        this.#string(key);
        this.encode(value.get(key), valuePath);
      }
      return;
    }
    if (value instanceof Set && allStrings(value)) {
      const items = [...(value as Set<string>)].sort();
      this.#tag(TAG.stringSet);
      this.#uint(items.length);
      for (const item of items) this.#string(item);
      return;
    }
    if (value instanceof Map) {
      this.#tag(TAG.map);
      const keyPath = `${path} (a Map key)`;
      const valuePath = `${path} (a Map value)`;
      this.#sorted([...value], (encoder, [key, item]) => {
        encoder.encode(key, keyPath);
        encoder.encode(item, valuePath);
      });
      return;
    }
    if (value instanceof Set) {
      this.#tag(TAG.set);
      const itemPath = `${path} (a Set item)`;
      this.#sorted([...value], (encoder, item) => {
        encoder.encode(item, itemPath);
      });
      return;
    }
    const rule = (value as Partial<HasCacheKey>)[cacheKey];
    if (typeof rule === 'function') {
      this.#tag(TAG.keyed);
      this.#string(value.constructor?.name ?? '');
      this.encode(rule.call(value), `${path} (cache key)`);
      return;
    }
    if (!isPlainObject(value)) {
      throw new HashingError(
        `Cannot hash ${path}: ${describeValue(value)} has no hashing rule. Pass plain data (objects, arrays, Maps, Sets, typed arrays), or give the class a [cacheKey]() method.`,
      );
    }
    const keys = Object.keys(value).sort();
    this.#tag(TAG.object);
    this.#uint(keys.length);
    for (const key of keys) {
      this.#string(key);
      this.encode((value as Record<string, unknown>)[key], `${path}.${key}`);
    }
  }

  /** Map entries and Set items: each encoded apart, then sorted by their bytes. */
  #sorted<T>(entries: readonly T[], write: (encoder: CanonicalEncoder, entry: T) => void): void {
    const arena = new EntryArena();
    const inner = new CanonicalEncoder(arena);
    for (const ancestor of this.#stack) inner.#stack.add(ancestor);
    entries.forEach((entry) => {
      write(inner, entry);
      inner.flush();
      arena.mark();
    });
    const encoded = arena.entries();
    encoded.sort(compareBytes);
    this.#uint(encoded.length);
    for (const bytes of encoded) {
      this.#uint(bytes.byteLength);
      this.#raw(bytes);
    }
  }

  #reserve(size: number): number {
    if (this.#used + size > this.#scratch.byteLength) this.flush();
    const at = this.#used;
    this.#used += size;
    return at;
  }

  #tag(tag: number): void {
    this.#scratch[this.#reserve(1)] = tag;
  }

  #float(value: number): void {
    this.#view.setFloat64(this.#reserve(8), value, true);
  }

  #uint(value: number): void {
    this.#view.setFloat64(this.#reserve(8), value, true);
  }

  #string(value: string): void {
    if (value.length <= 128 && this.#ascii(value)) return;
    // At most 3 bytes per UTF-16 unit; long strings go through the sink in pieces.
    if (value.length * 3 + 8 <= this.#scratch.byteLength) {
      const lengthAt = this.#reserve(8);
      const before = this.#used;
      const room = this.#scratch.subarray(before, before + value.length * 3);
      if (room.byteLength < value.length * 3) {
        // Not enough room after the length: flush and retry in a fresh buffer.
        this.#used = lengthAt;
        this.flush();
        this.#string(value);
        return;
      }
      const { written } = this.#text.encodeInto(value, room);
      this.#view.setFloat64(lengthAt, written, true);
      this.#used = before + written;
      return;
    }
    const bytes = this.#text.encode(value);
    this.#uint(bytes.byteLength);
    this.#raw(bytes);
  }

  /** Writes a short ASCII string byte by byte (no allocation); false when it is not ASCII. */
  #ascii(value: string): boolean {
    const at = this.#reserve(8 + value.length);
    for (let i = 0; i < value.length; i += 1) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) {
        this.#used = at;
        return false;
      }
      this.#scratch[at + 8 + i] = code;
    }
    this.#view.setFloat64(at, value.length, true);
    return true;
  }

  #raw(bytes: Uint8Array): void {
    if (bytes.byteLength <= 4096) {
      this.#scratch.set(bytes, this.#reserve(bytes.byteLength));
      return;
    }
    this.flush();
    this.#sink.write(bytes);
  }
}

function isSharedArrayBuffer(value: object): value is SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer;
}
