/**
 * How a result is stored: a small JSON tree followed by the raw bytes of its
 * typed arrays, each aligned to 8 bytes so it can be read back as a view on the
 * loaded bytes (the `mmapMode: 'r'` analog) instead of a copy.
 *
 * Layout: `YBM1`, u32 (little-endian) length of the JSON, the JSON (UTF-8),
 * zero padding to a multiple of 8, then the array bytes.
 */

import { TYPED_ARRAYS, type TypedArray, type TypedArrayName } from '../internal/typed-arrays.ts';
import { SerializeError } from './errors.ts';
import { readOnlyView, unwrapView } from './read-only.ts';

const MAGIC = [0x59, 0x42, 0x4d, 0x31]; // "YBM1"

type Tree = null | boolean | number | string | Tree[] | { [key: string]: Tree };

function align8(n: number): number {
  return (n + 7) & ~7;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Turns `value` into stored bytes; throws `SerializeError` for what cannot be stored. */
export function serialize(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  let blobBytes = 0;
  const seen = new Set<object>();
  const addBlob = (bytes: Uint8Array): number => {
    const at = blobBytes;
    blobs.push(bytes);
    blobBytes = align8(blobBytes + bytes.byteLength);
    return at;
  };

  const tree = (item: unknown, path: string): Tree => {
    switch (typeof item) {
      case 'undefined':
        return ['u'];
      case 'boolean':
      case 'string':
        return item;
      case 'number':
        if (Object.is(item, -0)) return ['n', '-0'];
        return Number.isFinite(item) ? item : ['n', String(item)];
      case 'bigint':
        return ['b', item.toString()];
      case 'function':
      case 'symbol':
        throw new SerializeError(`Cannot store ${path}: a ${typeof item} cannot be stored`);
      default:
        break;
    }
    if (item === null) return null;
    const object = unwrapView(item as object);
    if (seen.has(object)) throw new SerializeError(`Cannot store ${path}: it refers to itself`);
    seen.add(object);
    try {
      if (ArrayBuffer.isView(object)) {
        const name = object.constructor.name;
        const bytes = new Uint8Array(object.buffer, object.byteOffset, object.byteLength);
        if (object instanceof DataView) return ['dv', addBlob(bytes), bytes.byteLength];
        if (!Object.hasOwn(TYPED_ARRAYS, name)) {
          throw new SerializeError(`Cannot store ${path}: ${name} is not a typed array it knows`);
        }
        return ['ta', name, addBlob(bytes), (object as TypedArray).length];
      }
      if (object instanceof ArrayBuffer) {
        return ['ab', addBlob(new Uint8Array(object)), object.byteLength];
      }
      if (Array.isArray(object)) {
        return ['a', object.map((entry, i) => tree(entry, `${path}[${i}]`))];
      }
      if (object instanceof Date) return ['d', object.getTime()];
      if (object instanceof Map) {
        const pairs: Tree[] = [];
        let i = 0;
        for (const [key, entry] of object) {
          pairs.push(tree(key, `${path} (Map key ${i})`), tree(entry, `${path} (Map value ${i})`));
          i += 1;
        }
        return ['m', pairs];
      }
      if (object instanceof Set) {
        return ['s', [...object].map((entry, i) => tree(entry, `${path} (Set item ${i})`))];
      }
      if (!isPlainObject(object)) {
        const name = object.constructor?.name ?? 'object';
        throw new SerializeError(`Cannot store ${path}: an instance of ${name} cannot be stored`);
      }
      const fields: { [key: string]: Tree } = {};
      for (const [key, entry] of Object.entries(object))
        fields[key] = tree(entry, `${path}.${key}`);
      return ['o', fields];
    } finally {
      seen.delete(object);
    }
  };

  const json = new TextEncoder().encode(JSON.stringify(tree(value, 'the result')));
  const head = align8(8 + json.byteLength);
  const out = new Uint8Array(head + blobBytes);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  let offset = head;
  for (const blob of blobs) {
    out.set(blob, offset);
    offset = align8(offset + blob.byteLength);
  }
  return out;
}

/** Options of {@link deserialize}. */
export interface DeserializeOptions {
  /** `'r'`: typed arrays are read-only views on `bytes` (no copy); otherwise copies. */
  mmapMode?: 'r' | null | undefined;
}

/** Reads back what `serialize` wrote; throws a plain `Error` saying what is wrong when the bytes are not a stored result. */
export function deserialize(bytes: Uint8Array, options: DeserializeOptions = {}): unknown {
  if (bytes.byteLength < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error('not a stored result (bad header)');
  }
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  if (8 + jsonLength > bytes.byteLength) throw new Error('stored result is truncated');
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLength))) as Tree;
  const head = align8(8 + jsonLength);
  const view = options.mmapMode === 'r';

  const region = (offset: unknown, length: unknown): Uint8Array => {
    if (typeof offset !== 'number' || typeof length !== 'number') throw new Error('bad blob entry');
    const start = head + offset;
    if (start + length > bytes.byteLength) throw new Error('stored result is truncated');
    return bytes.subarray(start, start + length);
  };

  const build = (node: Tree): unknown => {
    if (!Array.isArray(node)) return node;
    const [tag, a, b, c] = node;
    switch (tag) {
      case 'u':
        return undefined;
      case 'n':
        return Number(a);
      case 'b':
        return BigInt(a as string);
      case 'd':
        return new Date(a as number);
      case 'a':
        return (a as Tree[]).map(build);
      case 'o': {
        const out: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(a as Record<string, Tree>)) {
          Object.defineProperty(out, key, {
            value: build(entry),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      case 'm': {
        const pairs = a as Tree[];
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < pairs.length; i += 2)
          map.set(build(pairs[i] ?? null), build(pairs[i + 1] ?? null));
        return map;
      }
      case 's':
        return new Set((a as Tree[]).map(build));
      case 'ab':
        return region(a, b).slice().buffer;
      case 'dv':
        return new DataView(region(a, b).slice().buffer);
      case 'ta': {
        const name = a as string;
        if (!Object.hasOwn(TYPED_ARRAYS, name)) throw new Error(`unknown typed array ${name}`);
        const Ctor = TYPED_ARRAYS[name as TypedArrayName];
        const length = c as number;
        const raw = region(b, length * Ctor.BYTES_PER_ELEMENT);
        if (!view) return new Ctor(raw.slice().buffer, 0, length);
        // Stored blobs are 8-aligned; bytes handed in at an odd offset need one copy.
        const aligned = raw.byteOffset % Ctor.BYTES_PER_ELEMENT === 0;
        const typed = aligned
          ? new Ctor(raw.buffer as ArrayBuffer, raw.byteOffset, length)
          : new Ctor(raw.slice().buffer, 0, length);
        return readOnlyView(typed);
      }
      default:
        throw new Error(`unknown entry ${String(tag)}`);
    }
  };
  return build(parsed);
}
