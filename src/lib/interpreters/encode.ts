/**
 * A small binary format for values sent over a channel. A channel's messages
 * live in shared memory (so a blocked `recv` can read them without an event
 * loop), hence bytes rather than `postMessage`. Values are checked with
 * `checkShareable(…, 'channel')` first; this only writes and reads them.
 */

import { TYPED_ARRAYS } from '../internal/typed-arrays.ts';

const TAG = {
  undefined: 0,
  null: 1,
  false: 2,
  true: 3,
  number: 4,
  bigint: 5,
  string: 6,
  array: 7,
  object: 8,
  arrayBuffer: 9,
  view: 10,
} as const;

/** View constructors by index, so a view comes back as the same kind. */
const VIEWS = [...Object.values(TYPED_ARRAYS), DataView];

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

class Writer {
  bytes = new Uint8Array(64);
  view = new DataView(this.bytes.buffer);
  length = 0;

  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }
  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }
  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }
  raw(data: Uint8Array): void {
    this.u32(data.length);
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
  text(value: string): void {
    this.raw(utf8.encode(value));
  }
}

function write(out: Writer, value: unknown): void {
  if (value === undefined) out.u8(TAG.undefined);
  else if (value === null) out.u8(TAG.null);
  else if (typeof value === 'boolean') out.u8(value ? TAG.true : TAG.false);
  else if (typeof value === 'number') {
    out.u8(TAG.number);
    out.f64(value);
  } else if (typeof value === 'bigint') {
    out.u8(TAG.bigint);
    out.text(value.toString());
  } else if (typeof value === 'string') {
    out.u8(TAG.string);
    out.text(value);
  } else if (Array.isArray(value)) {
    out.u8(TAG.array);
    out.u32(value.length);
    for (const item of value) write(out, item);
  } else if (value instanceof ArrayBuffer) {
    out.u8(TAG.arrayBuffer);
    out.raw(new Uint8Array(value));
  } else if (ArrayBuffer.isView(value)) {
    const kind = VIEWS.findIndex((View) => value instanceof View);
    if (kind === -1) throw new TypeError(`Expected a known typed array, got ${String(value)}`);
    out.u8(TAG.view);
    out.u8(kind);
    out.raw(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else {
    const entries = Object.entries(value as object);
    out.u8(TAG.object);
    out.u32(entries.length);
    for (const [key, item] of entries) {
      out.text(key);
      write(out, item);
    }
  }
}

/** The bytes of a value (checked beforehand with `checkShareable`). */
export function encodeValue(value: unknown): Uint8Array {
  const out = new Writer();
  write(out, value);
  return out.bytes.subarray(0, out.length);
}

class Reader {
  offset = 0;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(): number {
    return this.view.getUint8(this.offset++);
  }
  u32(): number {
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }
  f64(): number {
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }
  raw(): Uint8Array<ArrayBuffer> {
    const n = this.u32();
    const copy = new Uint8Array(n);
    copy.set(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return copy;
  }
  text(): string {
    return fromUtf8.decode(this.raw());
  }
}

function read(input: Reader): unknown {
  const tag = input.u8();
  switch (tag) {
    case TAG.undefined:
      return undefined;
    case TAG.null:
      return null;
    case TAG.false:
      return false;
    case TAG.true:
      return true;
    case TAG.number:
      return input.f64();
    case TAG.bigint:
      return BigInt(input.text());
    case TAG.string:
      return input.text();
    case TAG.array: {
      const n = input.u32();
      const items: unknown[] = [];
      for (let i = 0; i < n; i++) items.push(read(input));
      return items;
    }
    case TAG.object: {
      const n = input.u32();
      const object: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const key = input.text();
        Object.defineProperty(object, key, {
          value: read(input),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case TAG.arrayBuffer:
      return input.raw().buffer;
    case TAG.view: {
      const View = VIEWS[input.u8()];
      if (View === undefined) throw new TypeError('Expected a known typed array kind in a message');
      const bytes = input.raw();
      if (View === DataView) return new DataView(bytes.buffer);
      const element = (View as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      return new (View as new (b: ArrayBuffer, o: number, n: number) => ArrayBufferView)(
        bytes.buffer,
        0,
        bytes.byteLength / element,
      );
    }
    default:
      throw new TypeError(`Expected a value tag from 0 to 10 in a message, got ${tag}`);
  }
}

/** The value `encodeValue` wrote. */
export function decodeValue(bytes: Uint8Array): unknown {
  return read(new Reader(bytes));
}
