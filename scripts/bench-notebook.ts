/**
 * `npm run bench:notebook`: measures the notebook in Debian's Chromium against
 * the built site served by `server.mjs`, prints a table, and writes the figures
 * into docs/benchmarks.md and the README.
 *
 * 1. Cold first cell: fresh page load, Run on the first cell, time until its output shows;
 *    beside it, in the same page just before, an empty module worker's first round trip
 *    (start, one message, its answer): the floor any kernel stands on. Their ratio per page.
 *    And, in other pages and from Blobs, a worker that only loads Node's inspector (the kernel
 *    formats output with it, so that it matches Node's) and formats one value, next to an
 *    empty one: the floor under a kernel that prints as Node does.
 * 2. JavaScript a lesson page ships before any interaction (gzip), and what the
 *    kernel and the editor add when they load.
 * 3. Interrupt: time from the Interrupt click to the cell showing `interrupted`.
 *
 * Options (environment): `BENCH_RUNS` (default 7), `BENCH_LESSON` (default
 * `/lessons/generators/`), `BENCH_PORT`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { inspectAsModule } from '../src/integrations/worker-chunks.ts';
import { median, positiveInteger, replaceFirstCellCode, writeFigures } from './support/bench.ts';
import { openNotebook, withSiteInChromium } from './support/site.ts';

const LOOP = 'let spins = 0;\nwhile (true) {\n  spins++;\n}';

/** An empty worker, served only to the benchmark's browser (the site has no such file). */
const EMPTY_WORKER_PATH = '/__bench/empty.worker.js';
const EMPTY_WORKER = 'self.onmessage = (event) => self.postMessage(event.data);';

/** A worker with Node's inspector as the kernel gets it, formatting what the first cell prints first. */
const INSPECT_WORKER_PATH = '/__bench/inspect.worker.js';
const INSPECT_WORKER = inspectWorker();

function inspectWorker(): string {
  const file = createRequire(import.meta.url).resolve('node-inspect-extracted');
  const transform = inspectAsModule().transform as (code: string, id: string) => { code: string };
  const { code } = transform(readFileSync(file, 'utf8'), file);
  return `${code}\nself.onmessage = () => self.postMessage(module.exports.inspect({ value: 1, done: false }));\n`;
}

/** One row of the results table. */
interface Row {
  metric: string;
  value: string;
  target: string;
  note: string;
}

/** Opens the lesson in a fresh context (cold cache) and waits until the page is wired. */
async function openLesson(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  for (const [path, body] of [
    [EMPTY_WORKER_PATH, EMPTY_WORKER],
    [INSPECT_WORKER_PATH, INSPECT_WORKER],
  ] as const) {
    await context.route(`**${path}`, (route) =>
      route.fulfill({
        body,
        contentType: 'text/javascript',
        headers: {
          'Cross-Origin-Embedder-Policy': 'require-corp',
          'Cross-Origin-Resource-Policy': 'same-origin',
        },
      }),
    );
  }
  const page = await context.newPage();
  await openNotebook(page, url);
  return { context, page };
}

/**
 * How long a reader's pointer rests on Run before clicking. Pointing starts the
 * kernel (the page prewarms it on `pointerover`); a deliberate click comes
 * hundreds of milliseconds later, so this is a modest figure.
 */
const HOVER_BEFORE_CLICK_MS = 250;

/**
 * Clicks Run on the first cell in the page and resolves with ms until its first
 * output item. With `hoverMs`, the pointer first rests on the button that long,
 * as a reader's does; without, the click comes with no warning at all.
 */
function timeFirstOutput(page: Page, hoverMs = 0): Promise<number> {
  return page.evaluate(
    (hover) =>
      new Promise<number>((done) => {
        const cell = document.querySelector('[data-cell]');
        const output = cell?.querySelector('[data-cell-output]');
        const run = cell?.querySelector<HTMLButtonElement>('[data-cell-run]');
        if (!cell || !output || !run) throw new Error('Expected a cell with output and Run button');
        const shown = () =>
          output.querySelector('[data-output-item]') !== null ||
          ['done', 'error'].includes(cell.getAttribute('data-cell-status') ?? '');
        let start = performance.now();
        new MutationObserver((_records, observer) => {
          if (!shown()) return;
          observer.disconnect();
          done(performance.now() - start);
        }).observe(cell, { subtree: true, childList: true, attributes: true });
        if (hover === 0) {
          run.click();
          return;
        }
        run.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
        setTimeout(() => {
          start = performance.now();
          run.click();
        }, hover);
      }),
    hoverMs,
  );
}

/** Starts a module worker in the page and times its first round trip. */
function timeWorker(page: Page, path = EMPTY_WORKER_PATH): Promise<number> {
  return page.evaluate(
    (path) =>
      new Promise<number>((done, fail) => {
        const start = performance.now();
        const worker = new Worker(path, { type: 'module' });
        worker.onmessage = () => {
          done(performance.now() - start);
          worker.terminate();
        };
        worker.onerror = () => fail(new Error(`Expected the worker ${path} to load`));
        worker.postMessage('ping');
      }),
    path,
  );
}

/**
 * The floor under a kernel that prints as Node does: in each fresh page, the empty worker
 * and one that loads Node's inspector and formats a value, both served the same way,
 * taking turns going first (a page's first worker starts slower).
 */
async function benchInspectorFloor(
  browser: Browser,
  url: string,
  runs: number,
): Promise<{ empty: number[]; inspector: number[] }> {
  const empty: number[] = [];
  const inspector: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openLesson(browser, url);
    if (run % 2 === 0) empty.push(await timeWorker(page));
    inspector.push(await timeWorker(page, INSPECT_WORKER_PATH));
    if (run % 2 === 1) empty.push(await timeWorker(page));
    await context.close();
  }
  return { empty, inspector };
}

/** Cold first cells; with `withFloor`, each page first times an empty worker's round trip. */
async function benchColdCell(
  browser: Browser,
  url: string,
  runs: number,
  hoverMs: number,
  withFloor = false,
): Promise<{ cell: number[]; floor: number[] }> {
  const cell: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openLesson(browser, url);
    if (withFloor) floor.push(await timeWorker(page));
    cell.push(await timeFirstOutput(page, hoverMs));
    await context.close();
  }
  return { cell, floor };
}

/** Collects gzip sizes of JavaScript responses; `take()` returns and resets the sum. */
function jsMeter(context: BrowserContext): { take(): Promise<number> } {
  let pending: Promise<number>[] = [];
  const seen = new Set<string>();
  context.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript|ecmascript/u.test(type) || seen.has(response.url())) return;
    seen.add(response.url());
    pending.push(
      response.body().then(
        (body) => gzipSync(body, { level: 9 }).length,
        () => 0,
      ),
    );
  });
  return {
    async take() {
      const sizes = await Promise.all(pending);
      pending = [];
      return sizes.reduce((sum, size) => sum + size, 0);
    },
  };
}

async function benchJavaScript(
  browser: Browser,
  url: string,
): Promise<{ page: number; kernel: number; editor: number }> {
  const context = await browser.newContext();
  const meter = jsMeter(context);
  const page = await context.newPage();
  await openNotebook(page, url, { waitUntil: 'networkidle' });
  await page.waitForLoadState('networkidle');
  const shipped = await meter.take();

  await timeFirstOutput(page);
  await page.waitForLoadState('networkidle');
  const kernel = await meter.take();

  await page.locator('[data-cell] [data-cell-code]').first().click();
  await page.locator('.cm-editor').first().waitFor();
  await page.waitForLoadState('networkidle');
  const editor = await meter.take();
  await context.close();
  return { page: shipped, kernel, editor };
}

/** Runs the endless loop in the first cell, and times Interrupt → `interrupted`, in the page. */
function timeInterrupt(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done, fail) => {
        const cell = document.querySelector('[data-cell]');
        const run = cell?.querySelector<HTMLButtonElement>('[data-cell-run]');
        const interrupt = document.querySelector<HTMLButtonElement>('[data-notebook-interrupt]');
        if (!cell || !run || !interrupt) throw new Error('Expected a cell and an Interrupt button');
        let start = 0;
        new MutationObserver((_records, observer) => {
          const status = cell.getAttribute('data-cell-status');
          if (status === 'running' && start === 0) {
            // Let the loop really spin before stopping it.
            setTimeout(() => {
              start = performance.now();
              interrupt.click();
            }, 50);
          } else if (status === 'interrupted' && start !== 0) {
            observer.disconnect();
            done(performance.now() - start);
          } else if ((status === 'done' || status === 'error') && start !== 0) {
            observer.disconnect();
            fail(new Error(`Expected the loop to end interrupted, got ${status}`));
          }
        }).observe(cell, { attributes: true, attributeFilter: ['data-cell-status'] });
        run.click();
      }),
  );
}

async function benchInterrupt(browser: Browser, url: string, runs: number): Promise<number[]> {
  const { context, page } = await openLesson(browser, url);
  await replaceFirstCellCode(page, LOOP);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await timeInterrupt(page));
  await context.close();
  return times;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const spread = (values: readonly number[]) =>
  `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;

function table(rows: readonly Row[]): string {
  const lines = [
    '| metric | result | target | notes |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.metric} | ${row.value} | ${row.target} | ${row.note} |`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const runs = positiveInteger('BENCH_RUNS', 7);
  const lesson = process.env.BENCH_LESSON ?? '/lessons/generators/';
  await withSiteInChromium(async (browser, origin) => {
    const url = `${origin}${lesson}`;
    const { cell: cold, floor } = await benchColdCell(browser, url, runs, 0, true);
    const { cell: pointed } = await benchColdCell(browser, url, runs, HOVER_BEFORE_CLICK_MS);
    const ratios = cold.map((time, index) => time / (floor[index] ?? Number.NaN));

    // Printed as soon as measured: on a loaded machine the later parts take minutes.
    console.log(`cold first cell: ${cold.map(ms).join(', ')}`);
    console.log(`empty worker:    ${floor.map(ms).join(', ')}`);
    const floorPages = await benchInspectorFloor(browser, url, runs);
    const inspectorRatios = floorPages.inspector.map(
      (time, index) => time / (floorPages.empty[index] ?? Number.NaN),
    );
    console.log(`empty, again:    ${floorPages.empty.map(ms).join(', ')}`);
    console.log(`inspector only:  ${floorPages.inspector.map(ms).join(', ')}`);
    const js = await benchJavaScript(browser, url);
    console.log(
      `JavaScript (gzip): page ${kb(js.page)}, kernel ${kb(js.kernel)}, editor ${kb(js.editor)}`,
    );
    const interrupt = await benchInterrupt(browser, url, runs);
    const rows: Row[] = [
      {
        metric: 'Cold first cell (load → Run → output)',
        value: ms(median(cold)),
        target: '≤ 100 ms',
        note: `median of ${runs} (${spread(cold)}); a click with no pointer movement before it: the kernel starts on the click`,
      },
      {
        metric: 'Empty worker, first round trip (same pages)',
        value: ms(median(floor)),
        target: '—',
        note: `median of ${runs} (${spread(floor)}); \`new Worker\` of a one-line module, one message and its answer, just before the cell in each page`,
      },
      {
        metric: "Node's inspector alone ÷ empty worker",
        value: `${median(inspectorRatios).toFixed(2)}×`,
        target: '—',
        note: `median of ${runs} per-page ratios (${Math.min(...inspectorRatios).toFixed(2)}×–${Math.max(...inspectorRatios).toFixed(2)}×), other pages: a worker that loads \`node-inspect-extracted\` as the kernel does and formats \`{ value: 1, done: false }\` (${ms(median(floorPages.inspector))}), next to the empty one (${ms(median(floorPages.empty))}), both served by the benchmark, taking turns going first. The floor under a kernel that prints as Node does`,
      },
      {
        metric: 'Cold first cell ÷ empty worker',
        value: `${median(ratios).toFixed(2)}×`,
        target: '≤ 1.5×',
        note: `median of the ${runs} per-page ratios (${Math.min(...ratios).toFixed(2)}×–${Math.max(...ratios).toFixed(2)}×)`,
      },
      {
        metric: 'First cell as a reader clicks it',
        value: ms(median(pointed)),
        target: '≤ 100 ms',
        note: `median of ${runs} (${spread(pointed)}); the pointer rests ${HOVER_BEFORE_CLICK_MS} ms on Run first, which starts the kernel`,
      },
      {
        metric: 'JavaScript before interaction (gzip)',
        value: kb(js.page),
        target: '≤ 7 KB',
        note: 'all JS responses until the network is idle',
      },
      {
        metric: '+ kernel (first Run)',
        value: kb(js.kernel),
        target: '≤ 40 KB',
        note: 'the kernel worker, one file; cells come compiled with the page, the transformer is not among them',
      },
      {
        metric: '+ editor (first edit)',
        value: kb(js.editor),
        target: '—',
        note: 'CodeMirror, on focus',
      },
      {
        metric: 'Interrupt → loop stopped',
        value: ms(median(interrupt)),
        target: '≤ 100 ms',
        note: `median of ${runs} (${spread(interrupt)}); \`while (true)\` busy loop`,
      },
    ];
    const markdown = table(rows);
    const chromiumVersion = browser.version();
    const context = `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${chromiumVersion} (headless, ${lesson}), Node ${process.versions.node}. gzip level 9.`;
    console.log(`\n${markdown}\n`);
    await writeFigures('notebook', `${context}\n\n${markdown}`);
  });
}

if (import.meta.main) await main();
