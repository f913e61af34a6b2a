/**
 * How a result is stored: a small JSON tree followed by the raw bytes of its
 * typed arrays, each aligned to 8 bytes so it can be read back as a view on the
 * loaded bytes (the `mmapMode: 'r'` analog) instead of a copy.
 *
 * Layout: `YBM1` (the format and its version), u32 (little-endian) length of
 * the JSON, the JSON (UTF-8), zero padding to a multiple of 8, then the array
 * bytes, each starting at a multiple of 8 from the start of the file. A stored
 * result of another version is refused with an error that names both versions,
 * which the cache reports once as a miss.
 */

import { TYPED_ARRAYS, type TypedArray, type TypedArrayName } from '../internal/typed-arrays.ts';
import { SerializeError } from './errors.ts';
import { readOnlyView, unwrapView } from './read-only.ts';

const MAGIC = [0x59, 0x42, 0x4d]; // "YBM"
/** The format version this code writes and reads (the byte after `YBM`). */
const VERSION = 0x31; // "1"

/** Arrays at least this large are written from their own memory and read into their own buffers. */
export const LARGE_BLOB = 64 * 1024;

type Tree = null | boolean | number | string | Tree[] | { [key: string]: Tree };

function align8(n: number): number {
  return (n + 7) & ~7;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A stored result as consecutive pieces: a store writes them one after another. */
export interface StoredParts {
  /** Header and small arrays in one buffer, each large array as a view on its own memory. */
  parts: Uint8Array[];
  byteLength: number;
}

/**
 * Turns `value` into stored bytes without copying its large arrays; throws
 * `SerializeError` for what cannot be stored.
 */
export function serializeParts(value: unknown): StoredParts {
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
  const byteLength = head + blobBytes;
  // Header and small arrays are gathered into buffers; a large array is its own part.
  const parts: Uint8Array[] = [];
  let pending: { start: number; pieces: [number, Uint8Array][] } = { start: 0, pieces: [] };
  const flush = (end: number) => {
    if (end <= pending.start) return;
    const out = new Uint8Array(end - pending.start);
    for (const [at, bytes] of pending.pieces) out.set(bytes, at - pending.start);
    parts.push(out);
  };
  const header = new Uint8Array(8);
  header.set([...MAGIC, VERSION], 0);
  new DataView(header.buffer).setUint32(4, json.byteLength, true);
  pending.pieces.push([0, header], [8, json]);
  let offset = head;
  for (const blob of blobs) {
    if (blob.byteLength >= LARGE_BLOB) {
      flush(offset);
      parts.push(blob);
      // The padding after it opens the next gathered buffer, so the parts stay contiguous.
      pending = { start: offset + blob.byteLength, pieces: [] };
      offset = align8(offset + blob.byteLength);
    } else {
      pending.pieces.push([offset, blob]);
      offset = align8(offset + blob.byteLength);
    }
  }
  flush(byteLength);
  return { parts, byteLength };
}

/** The parts of a stored result in one buffer (no copy when there is one part). */
export function joinParts({ parts, byteLength }: StoredParts): Uint8Array {
  const [first] = parts;
  if (parts.length === 1 && first?.byteLength === byteLength) return first;
  const out = new Uint8Array(byteLength);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Turns `value` into stored bytes, in one buffer; throws `SerializeError` for what cannot be stored. */
export function serialize(value: unknown): Uint8Array {
  return joinParts(serializeParts(value));
}

/** Options of {@link deserialize}. */
export interface DeserializeOptions {
  /** `'r'`: typed arrays are read-only views on `bytes` (no copy); otherwise copies. */
  mmapMode?: 'r' | null | undefined;
}

/** The header of a stored result: its tree, and where its array bytes start in the file. */
interface Head {
  tree: Tree;
  payload: number;
}

/** How many bytes the header of a stored result takes, from its first 8; throws when they are not a header. */
function headLength(bytes: Uint8Array): number {
  if (bytes.byteLength < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error('not a stored result (bad header)');
  }
  const version = bytes[3] ?? 0;
  if (version !== VERSION) {
    throw new Error(
      `stored in format YBM${String.fromCharCode(version)} by another version of yieldbook/memory; this one reads YBM${String.fromCharCode(VERSION)}, so the result is computed again`,
    );
  }
  return 8 + new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
}

const UTF8 = new TextDecoder();

function parseHead(bytes: Uint8Array): Head {
  const end = headLength(bytes);
  if (end > bytes.byteLength) throw new Error('stored result is truncated');
  const tree = JSON.parse(UTF8.decode(bytes.subarray(8, end))) as Tree;
  return { tree, payload: align8(end) };
}

/** The bytes of one stored array; `owned` when they fill a buffer of their own that nothing else holds. */
interface Region {
  bytes: Uint8Array;
  owned: boolean;
}

type RegionOf = (offset: number, length: number) => Region;

function blobEntry(offset: unknown, length: unknown): [number, number] {
  if (typeof offset !== 'number' || typeof length !== 'number' || offset < 0 || length < 0) {
    throw new Error('bad blob entry');
  }
  return [offset, length];
}

function typedArrayCtor(name: unknown) {
  if (typeof name !== 'string' || !Object.hasOwn(TYPED_ARRAYS, name)) {
    throw new Error(`unknown typed array ${String(name)}`);
  }
  return TYPED_ARRAYS[name as TypedArrayName];
}

/** Every array's place in the payload (offset, byte length), in the tree's order. */
function blobsOf(node: Tree, out: [number, number][] = []): [number, number][] {
  if (!Array.isArray(node)) return out;
  const [tag, a, b, c] = node;
  if (tag === 'ab' || tag === 'dv') out.push(blobEntry(a, b));
  else if (tag === 'ta') {
    out.push(blobEntry(b, (c as number) * typedArrayCtor(a).BYTES_PER_ELEMENT));
  } else if (tag === 'o') {
    for (const entry of Object.values(a as Record<string, Tree>)) blobsOf(entry, out);
  } else if (tag === 'a' || tag === 'm' || tag === 's') {
    for (const entry of a as Tree[]) blobsOf(entry, out);
  }
  return out;
}

function build(node: Tree, region: RegionOf, view: boolean): unknown {
  if (!Array.isArray(node)) return node;
  const [tag, a, b, c] = node;
  const own = ({ bytes, owned }: Region): ArrayBuffer =>
    (owned ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
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
      return (a as Tree[]).map((entry) => build(entry, region, view));
    case 'o': {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(a as Record<string, Tree>)) {
        Object.defineProperty(out, key, {
          value: build(entry, region, view),
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
      for (let i = 0; i < pairs.length; i += 2) {
        map.set(build(pairs[i] ?? null, region, view), build(pairs[i + 1] ?? null, region, view));
      }
      return map;
    }
    case 's':
      return new Set((a as Tree[]).map((entry) => build(entry, region, view)));
    case 'ab':
      return own(region(...blobEntry(a, b)));
    case 'dv':
      return new DataView(own(region(...blobEntry(a, b))));
    case 'ta': {
      const Ctor = typedArrayCtor(a);
      const length = c as number;
      const raw = region(...blobEntry(b, length * Ctor.BYTES_PER_ELEMENT));
      if (!view) return new Ctor(own(raw), raw.owned ? raw.bytes.byteOffset : 0, length);
      // Stored blobs are 8-aligned; bytes handed in at an odd offset need one copy.
      const aligned = raw.bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0;
      const typed = aligned
        ? new Ctor(raw.bytes.buffer as ArrayBuffer, raw.bytes.byteOffset, length)
        : new Ctor(own(raw), 0, length);
      return readOnlyView(typed);
    }
    default:
      throw new Error(`unknown entry ${String(tag)}`);
  }
}

/** Regions as views on the whole stored bytes. */
function regionsIn(bytes: Uint8Array, payload: number): RegionOf {
  return (offset, length) => {
    const start = payload + offset;
    if (start + length > bytes.byteLength) throw new Error('stored result is truncated');
    return { bytes: bytes.subarray(start, start + length), owned: false };
  };
}

/** Reads back what `serialize` wrote; throws a plain `Error` saying what is wrong when the bytes are not a stored result. */
export function deserialize(bytes: Uint8Array, options: DeserializeOptions = {}): unknown {
  const { tree, payload } = parseHead(bytes);
  return build(tree, regionsIn(bytes, payload), options.mmapMode === 'r');
}

/** A stored result read by ranges (what `Store.openOutput` returns). */
export interface RangeReader {
  readonly size: number;
  /** Fills `into` with the stored bytes from `position` on. */
  read(into: Uint8Array, position: number): Promise<void>;
  /** Optional: `length` stored bytes from `position` on, in a new buffer of their own. */
  readNew?: ((position: number, length: number) => Promise<Uint8Array>) | undefined;
}

/** `length` bytes from `position` on, in a buffer of their own (the reader's, where it makes one). */
async function readFresh(
  reader: RangeReader,
  position: number,
  length: number,
): Promise<Uint8Array> {
  if (reader.readNew) {
    const bytes = await reader.readNew(position, length);
    if (bytes.byteLength !== length) throw new Error('stored result is truncated');
    return bytes;
  }
  const bytes = new Uint8Array(length);
  await reader.read(bytes, position);
  return bytes;
}

/** Results up to this size are read whole (one read), then copied out. */
export const READ_WHOLE = 1024 * 1024;
/** The first read of a large result, which holds its header unless the tree is huge. */
const FIRST_READ = 64 * 1024;

/**
 * Reads a stored result through `reader` with as few copies as the mode allows.
 * With `mmapMode: 'r'`, the file is read once into one buffer and each array is a
 * view on it where it lies. Otherwise, a large result's header is read first and
 * then each array straight into a buffer of its own, which the result keeps (what
 * numpy's `fromfile` does); a small result is read whole and copied out.
 */
export async function deserializeFrom(
  reader: RangeReader,
  options: DeserializeOptions = {},
): Promise<unknown> {
  const { size } = reader;
  const view = options.mmapMode === 'r';
  if (view || size <= READ_WHOLE) return deserialize(await readFresh(reader, 0, size), options);
  let first: Uint8Array = new Uint8Array(Math.min(size, FIRST_READ));
  await reader.read(first, 0);
  const end = headLength(first);
  if (end > size) throw new Error('stored result is truncated');
  if (end > first.byteLength) first = await readFresh(reader, 0, end);
  const { tree, payload } = parseHead(first);
  const blobs = blobsOf(tree);
  const read = new Map<number, Uint8Array>();
  for (const [offset, length] of blobs) {
    if (payload + offset + length > size) throw new Error('stored result is truncated');
    if (read.has(offset)) continue;
    read.set(offset, await readFresh(reader, payload + offset, length));
  }
  return build(
    tree,
    (offset, length) => {
      const bytes = read.get(offset);
      if (bytes?.byteLength !== length) throw new Error('bad blob entry');
      return { bytes, owned: true };
    },
    false,
  );
}
