/**
 * How shared primitives cross `postMessage`. Structured clone keeps a
 * `SharedArrayBuffer` shared but drops class prototypes, so a `Lock` sent as
 * is would arrive as a plain object without methods. Each primitive turns
 * into a tagged record (`toWire`) and the receiving side rebuilds it
 * (`reviveShared`), over the same memory.
 */

/** The key under which a primitive describes itself for the trip. */
export const TO_WIRE: unique symbol = Symbol.for('yieldbook.shared.toWire') as never;

/** What a primitive looks like in a message. */
export type SharedWire =
  | { yieldbookShared: 'Lock'; buffer: SharedArrayBuffer; offset: number }
  | { yieldbookShared: 'Barrier'; buffer: SharedArrayBuffer; offset: number; parties: number }
  | {
      yieldbookShared: 'SharedValue' | 'SharedArray';
      kind: string;
      buffer: SharedArrayBuffer;
      length: number;
      lock: SharedWire | null;
    };

/** A value that can describe itself as a `SharedWire`. */
export interface Wireable {
  [TO_WIRE](): SharedWire;
}

export function isWireable(value: unknown): value is Wireable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Wireable>)[TO_WIRE] === 'function'
  );
}

export function isSharedWire(value: unknown): value is SharedWire {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { yieldbookShared?: unknown }).yieldbookShared === 'string' &&
    (value as { buffer?: unknown }).buffer instanceof SharedArrayBuffer
  );
}
