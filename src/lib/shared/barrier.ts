import { requireSharedMemory } from './isolation.ts';
import { type SharedWire, TO_WIRE, type Wireable } from './wire.ts';

const ARRIVED = 0;
const GENERATION = 1;

/**
 * A reusable barrier for `parties` workers (the analog of
 * `threading.Barrier`): each `wait()` blocks until all of them have called
 * it, then all go on. Must be called from workers (it blocks with
 * `Atomics.wait`).
 */
export class Barrier implements Wireable {
  readonly parties: number;
  readonly #cells: Int32Array;

  constructor(parties: number, buffer?: SharedArrayBuffer, offset = 0) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new TypeError(`Expected \`parties\` to be a positive integer, got ${String(parties)}`);
    }
    this.parties = parties;
    if (buffer === undefined) {
      requireSharedMemory('Barrier');
      this.#cells = new Int32Array(new SharedArrayBuffer(8));
    } else {
      this.#cells = new Int32Array(buffer, offset, 2);
    }
  }

  /**
   * Waits for the other parties. Returns this caller's arrival index, from 0
   * (first) to `parties - 1` (the last, which releases the others).
   */
  wait(): number {
    const cells = this.#cells;
    const generation = Atomics.load(cells, GENERATION);
    const index = Atomics.add(cells, ARRIVED, 1);
    if (index === this.parties - 1) {
      Atomics.store(cells, ARRIVED, 0);
      Atomics.add(cells, GENERATION, 1);
      Atomics.notify(cells, GENERATION);
      return index;
    }
    while (Atomics.load(cells, GENERATION) === generation) {
      Atomics.wait(cells, GENERATION, generation);
    }
    return index;
  }

  [TO_WIRE](): SharedWire {
    return {
      yieldbookShared: 'Barrier',
      buffer: this.#cells.buffer as SharedArrayBuffer,
      offset: this.#cells.byteOffset,
      parties: this.parties,
    };
  }
}
