/**
 * Runs in a dedicated worker of Chromium for `npm run bench:memory` (bundled by
 * the script): hash throughput and cache hit latency, against OPFS, the store a
 * lesson's kernel uses.
 */
import { createXXHash128 } from 'hash-wasm';
import { hash } from '../../src/lib/memory/hash.ts';
import { Memory } from '../../src/lib/memory/memory.ts';

/** Figures in milliseconds, one entry per run. */
export interface WorkerFigures {
  hashMs: number[];
  rawHashMs: number[];
  smallHitMs: number[];
  bigHitCopyMs: number[];
  bigHitViewMs: number[];
  bigFirstCallMs: number;
  store: string;
}

const MIB = 1024 * 1024;

async function timeIt(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function figures(runs: number): Promise<WorkerFigures> {
  const big = new Float64Array((64 * MIB) / 8);
  for (let i = 0; i < big.length; i += 1) big[i] = i * 0.5;
  const bytes = new Uint8Array(big.buffer);

  const raw = await createXXHash128();
  const rawHashMs: number[] = [];
  const hashMs: number[] = [];
  await hash(big); // warm-up: compiles the wasm and the encoder
  for (let i = 0; i < runs; i += 1) {
    rawHashMs.push(
      await timeIt(async () => {
        raw.init();
        raw.update(bytes);
        raw.digest('hex');
      }),
    );
    hashMs.push(await timeIt(() => hash(big)));
  }

  const location = `opfs:bench-memory-${Date.now()}`;
  const copy = new Memory(location, { verbose: 0 });
  const view = new Memory(location, { verbose: 0, mmapMode: 'r' });
  await copy.clear({ warn: false });
  const small = copy.cache(function small(n: number) {
    return { n, square: n * n };
  });
  await small(3);
  const smallHitMs: number[] = [];
  for (let i = 0; i < runs; i += 1) smallHitMs.push(await timeIt(() => small(3)));

  const makeBig = function bigArray(n: number) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += 1) out[i] = i;
    return out;
  };
  const bigCopy = copy.cache(makeBig);
  const bigView = view.cache(makeBig);
  const bigFirstCallMs = await timeIt(() => bigCopy(big.length));
  const bigHitCopyMs: number[] = [];
  const bigHitViewMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    bigHitCopyMs.push(await timeIt(() => bigCopy(big.length)));
    bigHitViewMs.push(await timeIt(() => bigView(big.length)));
  }
  const store = (await copy.describe()).store;
  await copy.clear({ warn: false });
  return { hashMs, rawHashMs, smallHitMs, bigHitCopyMs, bigHitViewMs, bigFirstCallMs, store };
}

self.addEventListener('message', (event: MessageEvent<{ runs: number }>) => {
  figures(event.data.runs).then(
    (result) => self.postMessage({ ok: true, result }),
    (error: unknown) => self.postMessage({ ok: false, error: String(error) }),
  );
});
