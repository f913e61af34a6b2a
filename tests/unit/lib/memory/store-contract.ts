/**
 * What every `Store` must do, as plain async cases with their own small
 * assertions, so the same cases run in Vitest (memory and filesystem stores)
 * and in Chromium (OPFS and IndexedDB, tests/e2e/memory-stores.spec.ts).
 */
import type { ItemMetadata, Store } from '../../../../src/lib/memory/store.ts';

/** One contract case; `open` gives a fresh, empty store each time it is called. */
export interface StoreCase {
  name: string;
  run(open: () => Promise<Store>): Promise<void>;
}

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);

function meta(time: number, extra: Partial<ItemMetadata> = {}): ItemMetadata {
  return { duration: 0.5, inputArgs: { x: '1' }, time, lastAccess: time, ...extra };
}

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

function fail(message: string): never {
  throw new Error(message);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual, (_, v) => (v instanceof Uint8Array ? [...v] : v));
  const e = JSON.stringify(expected, (_, v) => (v instanceof Uint8Array ? [...v] : v));
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

export const STORE_CASES: StoreCase[] = [
  {
    name: 'an empty store has nothing',
    async run(open) {
      const store = await open();
      equal(await store.contains('f', A), false, 'contains');
      equal(await store.readOutput('f', A), undefined, 'readOutput');
      equal(await store.readMetadata('f', A), undefined, 'readMetadata');
      equal(await store.readFuncCode('f'), undefined, 'readFuncCode');
      equal(await store.items(), [], 'items');
      await store.deleteItem('f', A);
      await store.clearFunc('f');
      await store.clear();
    },
  },
  {
    name: 'writes and reads an item with its metadata',
    async run(open) {
      const store = await open();
      await store.writeItem('f', A, bytes(1, 2, 3), meta(1000));
      equal(await store.contains('f', A), true, 'contains');
      equal(await store.readOutput('f', A), bytes(1, 2, 3), 'readOutput');
      equal(await store.readMetadata('f', A), meta(1000), 'readMetadata');
      const items = await store.items();
      equal(items.length, 1, 'items');
      equal([items[0]?.funcId, items[0]?.argsId, items[0]?.lastAccess], ['f', A, 1000], 'item');
      if (!((items[0]?.size ?? 0) >= 3)) fail(`size: expected at least 3, got ${items[0]?.size}`);
    },
  },
  {
    name: 'a second write replaces the first',
    async run(open) {
      const store = await open();
      await store.writeItem('f', A, bytes(1), meta(1));
      await store.writeItem('f', A, bytes(2, 2), meta(2));
      equal(await store.readOutput('f', A), bytes(2, 2), 'readOutput');
      equal((await store.readMetadata('f', A))?.time, 2, 'time');
      equal((await store.items()).length, 1, 'items');
    },
  },
  {
    name: 'touch records the last access only',
    async run(open) {
      const store = await open();
      await store.writeItem('f', A, bytes(1), meta(10));
      await store.touch('f', A, 99);
      equal(await store.readMetadata('f', A), meta(10, { lastAccess: 99 }), 'metadata');
      equal((await store.items())[0]?.lastAccess, 99, 'items lastAccess');
      await store.touch('f', B, 5);
      equal(await store.contains('f', B), false, 'touch creates nothing');
    },
  },
  {
    name: 'function source is kept per function id',
    async run(open) {
      const store = await open();
      await store.writeFuncCode('f', 'function f() {}');
      await store.writeFuncCode('ns/g', 'function g() {}');
      equal(await store.readFuncCode('f'), 'function f() {}', 'f');
      equal(await store.readFuncCode('ns/g'), 'function g() {}', 'ns/g');
    },
  },
  {
    name: 'deleteItem and clearFunc remove only what they name',
    async run(open) {
      const store = await open();
      await store.writeFuncCode('f', 'f');
      await store.writeFuncCode('g', 'g');
      await store.writeItem('f', A, bytes(1), meta(1));
      await store.writeItem('f', B, bytes(2), meta(2));
      await store.writeItem('g', A, bytes(3), meta(3));
      await store.writeItem('ns/f', C, bytes(4), meta(4));
      await store.deleteItem('f', A);
      equal(await store.contains('f', A), false, 'f/A deleted');
      equal(await store.contains('f', B), true, 'f/B kept');
      await store.clearFunc('f');
      equal(await store.contains('f', B), false, 'f/B cleared');
      equal(await store.readFuncCode('f'), undefined, 'f source cleared');
      equal(await store.contains('g', A), true, 'g kept');
      equal(await store.contains('ns/f', C), true, 'ns/f kept');
      equal(await store.readFuncCode('g'), 'g', 'g source kept');
      const ids = (await store.items()).map((item) => `${item.funcId}:${item.argsId[0]}`).sort();
      equal(ids, ['g:a', 'ns/f:c'], 'items');
    },
  },
  {
    name: 'clear empties the location',
    async run(open) {
      const store = await open();
      await store.writeFuncCode('f', 'f');
      await store.writeItem('f', A, bytes(1), meta(1));
      await store.writeItem('h/k', B, bytes(1), meta(1));
      await store.clear();
      equal(await store.items(), [], 'items');
      equal(await store.readFuncCode('f'), undefined, 'source');
      await store.writeItem('f', A, bytes(7), meta(1));
      equal(await store.readOutput('f', A), bytes(7), 'usable after clear');
    },
  },
  {
    name: 'concurrent writers of one key leave one whole item',
    async run(open) {
      const store = await open();
      const big = (fill: number) => new Uint8Array(256 * 1024).fill(fill);
      await Promise.all([1, 2, 3, 4].map((fill) => store.writeItem('f', A, big(fill), meta(fill))));
      const out = await store.readOutput('f', A);
      if (!out || out.byteLength !== 256 * 1024) fail(`expected 256 KiB, got ${out?.byteLength}`);
      const first = out[0];
      if (!out.every((value) => value === first)) fail('the stored bytes mix two writers');
      equal((await store.items()).length, 1, 'items');
    },
  },
  {
    name: 'a store opened again sees what was written',
    async run(open) {
      const first = await open();
      await first.writeItem('f', A, bytes(4, 5), meta(1));
      await first.close();
      const second = await open();
      equal(await second.readOutput('f', A), bytes(4, 5), 'readOutput');
    },
  },
  {
    name: 'writeItemParts, where a store has it, stores the parts as one result',
    async run(open) {
      const store = await open();
      if (!store.writeItemParts) return;
      await store.writeItemParts('f', A, [bytes(1, 2), bytes(), bytes(3)], meta(7));
      equal(await store.readOutput('f', A), bytes(1, 2, 3), 'readOutput');
      equal(await store.readMetadata('f', A), meta(7), 'readMetadata');
      await store.writeItemParts('f', A, [bytes(9)], meta(8));
      equal(await store.readOutput('f', A), bytes(9), 'replaced');
    },
  },
  {
    name: 'openOutput, where a store has it, reads the stored bytes into the buffers it is given',
    async run(open) {
      const store = await open();
      if (!store.openOutput) return;
      equal(await store.openOutput('f', A), undefined, 'missing item');
      // Over 1 MiB, so OPFS in a worker reads through a sync access handle.
      const data = new Uint8Array(2 * 1024 * 1024 + 5).map((_, i) => i % 251);
      await store.writeItem('f', A, data, meta(1));
      const file = await store.openOutput('f', A);
      if (!file) fail('openOutput: expected the stored item, got undefined');
      try {
        equal(file.size, data.byteLength, 'size');
        const range = new Uint8Array(10);
        await file.read(range, 1_000_000);
        equal(range, data.subarray(1_000_000, 1_000_010), 'a range');
        const whole = new Uint8Array(data.byteLength);
        await file.read(whole, 0);
        if (whole.some((value, i) => value !== data[i])) fail('the whole file: bytes differ');
        const past = await file.read(new Uint8Array(10), data.byteLength - 5).then(
          () => 'no error',
          (error: unknown) => String(error),
        );
        if (!past.includes('truncated'))
          fail(`a read past the end: expected an error, got ${past}`);
      } finally {
        await file.close();
      }
      // Closed: nothing is left open that would stop a new write or a delete.
      await store.writeItem('f', A, bytes(4), meta(2));
      equal(await store.readOutput('f', A), bytes(4), 'rewritten');
      await store.deleteItem('f', A);
      equal(await store.contains('f', A), false, 'deleted');
    },
  },
  {
    name: 'bad ids are refused with a clear error',
    async run(open) {
      const store = await open();
      for (const id of ['', '../x', 'a//b']) {
        let message = '';
        try {
          await store.writeFuncCode(id, 'x');
        } catch (error) {
          message = String(error);
        }
        if (!message.includes('function id'))
          fail(`expected a function id error for ${id}, got ${message}`);
      }
    },
  },
];
