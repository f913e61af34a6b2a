/**
 * Runs the store contract (tests/unit/lib/memory/store-contract.ts) and a
 * Memory round trip against the real OPFS and IndexedDB stores, in whatever
 * realm imports it: the test page (OPFS through writable streams) or a
 * dedicated worker (OPFS through sync access handles).
 */
import { Memory } from '../../../src/lib/memory/memory.ts';
import type { Store } from '../../../src/lib/memory/store.ts';
import { IndexedDbStore } from '../../../src/lib/memory/stores/idb-store.ts';
import { OpfsStore } from '../../../src/lib/memory/stores/opfs-store.ts';
import { STORE_CASES } from '../../unit/lib/memory/store-contract.ts';

/** One case's outcome. */
export interface CaseResult {
  name: string;
  error: string | null;
}

/** Everything a run reports. */
export interface ContractReport {
  kind: 'opfs' | 'indexeddb';
  /** Whether OPFS files offer sync access handles here (dedicated workers only). */
  syncAccessHandles: boolean;
  results: CaseResult[];
}

let counter = 0;

function opener(kind: 'opfs' | 'indexeddb', location: string): () => Promise<Store> {
  return () => (kind === 'opfs' ? OpfsStore.open(location) : IndexedDbStore.open(location));
}

/** A cached function computes once, a second Memory on the same location finds the result, and read-only views come back. */
async function memoryRoundTrip(open: () => Promise<Store>): Promise<void> {
  let runs = 0;
  const make = async () =>
    new Memory(await open(), { verbose: 0, mmapMode: 'r' }).cache(function window(n: number) {
      runs += 1;
      return new Float64Array(n).fill(n);
    });
  const first = await (await make())(1000);
  const second = await (await make())(1000);
  if (runs !== 1) throw new Error(`expected one run, got ${runs}`);
  if (second.length !== 1000 || second[999] !== 1000 || first[0] !== 1000) {
    throw new Error('the loaded array differs from the stored one');
  }
  let refused = false;
  try {
    second[0] = 1;
  } catch {
    refused = true;
  }
  if (!refused) throw new Error('a read-only view accepted a write');
  const shelved = await (await make()).callAndShelve(1000);
  await shelved.clear();
  const gone = await shelved.get().then(
    () => 'no error',
    (error: unknown) => String(error),
  );
  if (!gone.startsWith('CacheItemError: Non-existing item')) {
    throw new Error(`expected a missing-item error, got ${gone}`);
  }
}

/** True when `a` and `b` hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

type SyncRead = (buffer: Uint8Array, options?: { at?: number }) => number;

/** The prototype of sync access handles, where there are some (a dedicated worker). */
function syncHandlePrototype(): { read: SyncRead } | undefined {
  return (globalThis as { FileSystemSyncAccessHandle?: { prototype: { read: SyncRead } } })
    .FileSystemSyncAccessHandle?.prototype;
}

/**
 * Records the buffers OPFS reads fill while `work` runs: the ones given to sync
 * access handles (`'sync'`), or the ones of 64 KiB or more `Blob.arrayBuffer`
 * makes (`'snapshot'`).
 */
async function recordingReads<T>(
  how: 'sync' | 'snapshot',
  reads: Uint8Array[],
  work: () => Promise<T>,
): Promise<T> {
  if (how === 'sync') {
    const proto = syncHandlePrototype() as { read: SyncRead };
    const read = proto.read;
    proto.read = function (this: unknown, buffer, options) {
      reads.push(buffer);
      return read.call(this, buffer, options);
    };
    try {
      return await work();
    } finally {
      proto.read = read;
    }
  }
  const arrayBuffer = Blob.prototype.arrayBuffer;
  Blob.prototype.arrayBuffer = async function (this: Blob) {
    const buffer = await arrayBuffer.call(this);
    // Only result bytes: a new Memory also reads the function's source and metadata this way.
    if (buffer.byteLength >= 64 * 1024) reads.push(new Uint8Array(buffer));
    return buffer;
  };
  try {
    return await work();
  } finally {
    Blob.prototype.arrayBuffer = arrayBuffer;
  }
}

/**
 * A read-only hit on OPFS reads the file once into one buffer, and every array
 * of the result is a view on that buffer where the array lies in the file (no
 * copy after the read); without `mmapMode`, each large array's own buffer is
 * the one read into: through a sync access handle (`'sync'`) or as the buffer a
 * `File` snapshot's read makes (`'snapshot'`, where OPFS is kept in memory).
 * Only where sync access handles exist (a dedicated worker).
 */
async function readsIntoTheResult(location: string, how: 'sync' | 'snapshot'): Promise<void> {
  const store = await OpfsStore.open(location, { reads: how });
  if (!syncHandlePrototype()) return;
  const reads: Uint8Array[] = [];
  await recordingReads(how, reads, async () => {
    const make = (mmapMode: 'r' | null) =>
      new Memory(store, { verbose: 0, mmapMode }).cache(function large(n: number) {
        return {
          values: new Float64Array(n).map((_, i) => i),
          negated: new Int32Array(n).map((_, i) => -i),
          small: Uint8Array.of(1, 2, 3),
          n,
        };
      });
    const n = (2 * 1024 * 1024) / 8;
    await make(null)(n);
    const stored = await store.readOutput('large', await make(null).argsId(n));
    if (!stored) throw new Error('the result was not stored');
    reads.length = 0;
    const hit = await make('r')(n);
    if (reads.length !== 1) throw new Error(`expected one read, got ${reads.length}`);
    const [into] = reads as [Uint8Array];
    if (into.byteLength !== stored.byteLength) {
      throw new Error(`expected the whole file read at once, got ${into.byteLength} bytes`);
    }
    for (const [name, view] of Object.entries({
      values: hit.values,
      negated: hit.negated,
      small: hit.small,
    })) {
      if (view.buffer !== into.buffer) throw new Error(`${name} is not on the buffer read into`);
      if (view.byteOffset % 8 !== 0) {
        throw new Error(`${name} is at ${view.byteOffset}, not 8-aligned`);
      }
      // The view shows the file's bytes at its own offset: the array lies there in the file.
      const { byteOffset, byteLength } = view;
      const shown = new Uint8Array(view.buffer, byteOffset, byteLength);
      if (!sameBytes(shown, stored.subarray(byteOffset, byteOffset + byteLength))) {
        throw new Error(`${name} does not show the file's bytes at offset ${byteOffset}`);
      }
    }
    if (hit.values[n - 1] !== n - 1 || hit.negated[n - 1] !== 1 - n || hit.small[2] !== 3) {
      throw new Error('the views show other values');
    }
    // Aliasing, not a copy: a change to the buffer read into shows through the view.
    new Float64Array(into.buffer, hit.values.byteOffset, 1)[0] = 42;
    if (hit.values[0] !== 42) throw new Error('the view is a copy of the bytes read');
    reads.length = 0;
    const copy = await make(null)(n);
    for (const [name, array] of Object.entries({ values: copy.values, negated: copy.negated })) {
      if (!reads.some((buffer) => buffer.buffer === array.buffer)) {
        throw new Error(`the copy's ${name} buffer is not one the file was read into`);
      }
      if (array.byteOffset !== 0 || array.buffer.byteLength !== array.byteLength) {
        throw new Error(`the copy's ${name} does not own exactly its buffer`);
      }
    }
    if (copy.values[0] !== 0 || copy.negated[n - 1] !== 1 - n) {
      throw new Error('the copy shows other values');
    }
  });
}

/**
 * With reads left to the store (`'auto'`), a large result in a profile whose
 * OPFS is kept in memory (Playwright's fresh contexts are off the record) is
 * read from a `File` snapshot: there every sync access handle read is a round
 * trip that copies the bytes, several times slower than the snapshot.
 */
async function autoReadsInMemory(location: string): Promise<void> {
  const store = await OpfsStore.open(location);
  if (!syncHandlePrototype()) return;
  const cached = new Memory(store, { verbose: 0 }).cache(function big(n: number) {
    return new Float64Array(n).fill(2);
  });
  const n = (2 * 1024 * 1024) / 8;
  await cached(n);
  for (let hit = 0; hit < 2; hit++) {
    const synced: Uint8Array[] = [];
    const value = await recordingReads('sync', synced, () => cached(n));
    if (synced.length !== 0) {
      throw new Error(`expected no sync access handle reads, got ${synced.length}`);
    }
    if (value[n - 1] !== 2) throw new Error('the hit shows other values');
  }
}

/** Runs every contract case, each on a fresh location, and the Memory round trip. */
export async function runContract(kind: 'opfs' | 'indexeddb'): Promise<ContractReport> {
  const results: CaseResult[] = [];
  const prefix = `contract-${kind}-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const opfsOnly = (run: (location: string) => Promise<void>) => (location: string) =>
    kind === 'opfs' ? run(location) : Promise.resolve();
  const cases: { name: string; run: (open: () => Promise<Store>, at: string) => Promise<void> }[] =
    [
      ...STORE_CASES,
      { name: 'Memory round trip', run: memoryRoundTrip },
      {
        name: 'reads go into the result (sync access handle)',
        run: (_, at) => opfsOnly((location) => readsIntoTheResult(location, 'sync'))(at),
      },
      {
        name: 'reads go into the result (File snapshot)',
        run: (_, at) => opfsOnly((location) => readsIntoTheResult(location, 'snapshot'))(at),
      },
      {
        name: 'OPFS kept in memory is read from snapshots',
        run: (_, at) => opfsOnly(autoReadsInMemory)(at),
      },
    ];
  for (const contract of cases) {
    counter += 1;
    const location = `${prefix}/${counter}`;
    try {
      await contract.run(opener(kind, location), location);
      results.push({ name: contract.name, error: null });
    } catch (error) {
      results.push({ name: contract.name, error: String(error) });
    }
  }
  const syncAccessHandles =
    typeof FileSystemFileHandle !== 'undefined' &&
    'createSyncAccessHandle' in FileSystemFileHandle.prototype;
  return { kind, syncAccessHandles, results };
}

/** Writes one key `times` times from this realm, each write filling the bytes with `fill`. */
export async function hammer(location: string, fill: number, times: number): Promise<void> {
  const store = await OpfsStore.open(location);
  const argsId = 'f'.repeat(32);
  for (let i = 0; i < times; i += 1) {
    const bytes = new Uint8Array(512 * 1024).fill(fill);
    await store.writeItem('race', argsId, bytes, {
      duration: 0,
      inputArgs: {},
      time: i,
      lastAccess: i,
    });
  }
}

/** Reads the raced key back: its size and whether all its bytes came from one writer. */
export async function readRaced(location: string): Promise<{ size: number; whole: boolean }> {
  const store = await OpfsStore.open(location);
  const out = await store.readOutput('race', 'f'.repeat(32));
  if (!out) return { size: 0, whole: false };
  const first = out[0];
  return { size: out.byteLength, whole: out.every((value) => value === first) };
}
