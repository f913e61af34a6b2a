/**
 * `npm run bench:memory`: measures `yieldbook/memory` in Debian's Chromium,
 * prints a table, and writes the figures into docs/benchmarks.md and the README
 * between the `bench:memory` markers.
 *
 * 1. Hash throughput: `hash()` of a 64 MiB Float64Array in a dedicated worker,
 *    against hash-wasm's xxHash128 over the same bytes (the ceiling).
 * 2. Cache hit latency on OPFS (the store a lesson's kernel uses): a small
 *    result, and a 64 MiB Float64Array with and without `mmapMode: 'r'`.
 * 3. The Caching lesson's table: Run all on /lessons/caching/ in the built
 *    site, then the benchmark cell's table as the page shows it.
 *
 * Options (environment): `BENCH_RUNS` (default 7), `BENCH_PORT` (the site's
 * port; a free one of the scripts' range by default), `BENCH_STATIC_PORT` (the
 * worker page's server; any free port by default).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { type Browser, chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, chromiumExecutable } from '../tests/e2e/support/env.ts';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';
import type { WorkerFigures } from './bench-memory/worker.ts';
import { median, positiveInteger, writeFigures } from './support/bench.ts';
import { openNotebook, withSiteInChromium } from './support/site.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MIB = 1024 * 1024;

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const spread = (values: readonly number[]) =>
  `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
const gbps = (msValue: number) => `${((64 * MIB) / 1e9 / (msValue / 1000)).toFixed(2)} GB/s`;

/**
 * Bundles the worker and serves it from a temporary folder; runs it in a page
 * of a Chromium with a profile on disk, so OPFS lives on disk as in a reader's
 * browser (a fresh Playwright context keeps it in memory, where reads cost
 * differently).
 */
async function workerFigures(runs: number, port: number | undefined): Promise<WorkerFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'yb-bench-memory-'));
  const profile = await mkdtemp(join(tmpdir(), 'yb-bench-memory-profile-'));
  try {
    await build({
      entryPoints: { worker: join(ROOT, 'scripts', 'bench-memory', 'worker.ts') },
      outdir: dir,
      bundle: true,
      format: 'esm',
      target: 'es2022',
      logLevel: 'warning',
    });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>bench:memory</title>');
    const server = await startStaticServer(dir, port === undefined ? {} : { port });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/`);
      const outcome = await page.evaluate(
        (count) =>
          new Promise<{ ok: boolean; result?: unknown; error?: string }>((done) => {
            const worker = new Worker('./worker.js', { type: 'module' });
            worker.onmessage = (event) => done(event.data);
            worker.onerror = (event) => done({ ok: false, error: event.message });
            worker.postMessage({ runs: count });
          }),
        runs,
      );
      await page.close();
      if (!outcome.ok) throw new Error(`The benchmark worker failed: ${outcome.error}`);
      return outcome.result as WorkerFigures;
    } finally {
      await context.close();
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

/** Runs the Caching lesson in the built site and returns its benchmark table as Markdown rows. */
async function lessonTable(browser: Browser, origin: string): Promise<string[][]> {
  const page = await browser.newPage();
  await openNotebook(page, `${origin}/lessons/caching/`);
  await page.locator('[data-notebook-run-all]').click();
  const bench = page.locator('[data-cell-id="bench"]');
  await bench.locator('[data-cell-output] table').waitFor({ timeout: 600_000 });
  await page.waitForFunction(
    () =>
      document.querySelector('[data-cell-id="bench"]')?.getAttribute('data-cell-status') === 'done',
    undefined,
    { timeout: 600_000 },
  );
  const rows = await bench
    .locator('[data-cell-output] table tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
    );
  await page.close();
  return rows;
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const runs = positiveInteger('BENCH_RUNS', 7);
  const staticPort = process.env.BENCH_STATIC_PORT
    ? positiveInteger('BENCH_STATIC_PORT', 0)
    : undefined;
  await withSiteInChromium(async (browser, origin) => {
    const figures = await workerFigures(runs, staticPort);
    const lesson = await lessonTable(browser, origin);
    const hashMedian = median(figures.hashMs);
    const rows = [
      [
        'Hash throughput, 64 MiB Float64Array',
        gbps(hashMedian),
        '≥ 2 GB/s',
        `\`hash()\` median ${ms(hashMedian)} of ${runs} (${spread(figures.hashMs)}), best ${gbps(Math.min(...figures.hashMs))}; hash-wasm's xxHash128 over the same bytes alone: median ${gbps(median(figures.rawHashMs))}, best ${gbps(Math.min(...figures.rawHashMs))}`,
      ],
      [
        'Cache hit, small result',
        ms(median(figures.smallHitMs)),
        '—',
        `median of ${runs} (${spread(figures.smallHitMs)}); ${figures.store}: hash + read + decode (lastAccess is written after the call returns)`,
      ],
      [
        'Cache hit, 64 MiB Float64Array, copy',
        ms(median(figures.bigHitCopyMs)),
        '—',
        `median of ${runs} (${spread(figures.bigHitCopyMs)}); read, then the array copied out`,
      ],
      [
        "Cache hit, 64 MiB Float64Array, `mmapMode: 'r'`",
        ms(median(figures.bigHitViewMs)),
        '—',
        `median of ${runs} (${spread(figures.bigHitViewMs)}); read, then a read-only view on it`,
      ],
      [
        'First call, 64 MiB Float64Array',
        ms(figures.bigFirstCallMs),
        '—',
        'compute + serialise + write to a temporary file + move',
      ],
    ];
    const [header, ...lessonRows] = lesson;
    const context = `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${browser.version()} (headless, dedicated worker, OPFS in a profile on disk), Node ${process.versions.node}.`;
    const block = [
      context,
      '',
      markdownTable(['metric', 'result', 'target', 'notes'], rows),
      '',
      "The Caching lesson's benchmark table (Run all on /lessons/caching/, 200,000-word vocabulary, 10,000 sentences):",
      '',
      markdownTable(header ?? [], lessonRows),
    ].join('\n');
    console.log(`\n${block}\n`);
    await writeFigures('memory', block);
  });
}

if (import.meta.main) await main();
