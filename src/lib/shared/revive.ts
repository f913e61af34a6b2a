import { Barrier } from './barrier.ts';
import type { SharedKind } from './kinds.ts';
import { Lock } from './lock.ts';
import { SharedArray } from './shared-array.ts';
import { SharedValue } from './shared-value.ts';
import { isSharedWire, isWireable, type SharedWire, TO_WIRE } from './wire.ts';

function reviveLock(wire: SharedWire | null): Lock {
  if (wire?.yieldbookShared !== 'Lock') throw new TypeError('Expected a Lock in the message');
  return new Lock(wire.buffer, wire.offset);
}

/** Rebuilds a primitive from its wire form, over the same shared memory. */
function reviveShared(wire: SharedWire): Lock | Barrier | SharedValue | SharedArray {
  switch (wire.yieldbookShared) {
    case 'Lock':
      return reviveLock(wire);
    case 'Barrier':
      return new Barrier(wire.parties, wire.buffer, wire.offset);
    case 'SharedValue':
      return new SharedValue(wire.kind as SharedKind, 0, {
        buffer: wire.buffer,
        lock: reviveLock(wire.lock),
      });
    case 'SharedArray':
      return new SharedArray(wire.kind as SharedKind, 0, {
        buffer: wire.buffer,
        lock: reviveLock(wire.lock),
      });
  }
}

const MAX_DEPTH = 4;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Rebuilds arrays and plain objects only where `replace` changed something. */
function walk(value: unknown, replace: (value: object) => unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const replaced = replace(value);
  if (replaced !== value || depth >= MAX_DEPTH) return replaced;
  // Copies are made only from the first replaced item on: most messages hold no
  // shared primitive, and walking them must not allocate (the pool sends many).
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const next =
        typeof item === 'object' && item !== null ? walk(item, replace, depth + 1) : item;
      if (next !== item && out === null) out = value.slice(0, index);
      out?.push(next);
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  let out: Record<string, unknown> | null = null;
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const item: unknown = (value as Record<string, unknown>)[key];
    const next = typeof item === 'object' && item !== null ? walk(item, replace, depth + 1) : item;
    if (next !== item && out === null) {
      out = {};
      for (const earlier of keys.slice(0, index)) {
        out[earlier] = (value as Record<string, unknown>)[earlier];
      }
    }
    if (out) out[key] = next;
  }
  return out ?? value;
}

/**
 * Replaces shared primitives in `value` (also inside arrays and plain
 * objects, a few levels deep) by their wire form, for `postMessage`.
 */
export function encodeShared(value: unknown): unknown {
  return walk(value, (item) => (isWireable(item) ? item[TO_WIRE]() : item), 0);
}

/** The inverse of `encodeShared`, on the receiving side. */
export function decodeShared(value: unknown): unknown {
  return walk(value, (item) => (isSharedWire(item) ? reviveShared(item) : item), 0);
}
