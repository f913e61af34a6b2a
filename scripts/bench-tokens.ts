/**
 * `npm run bench:tokens`: the token-packing lesson in Debian's Chromium against the
 * built site. Prints a table and writes it into the README between the
 * `bench:tokens` markers.
 *
 * 1. What the lesson loads: the page's JavaScript before interaction, the kernel's
 *    main chunk and the `yieldbook/tokens` chunk (the GPT-2 tokenizer) on the
 *    first Run, all gzip level 9; and how much of the corpus the first cell reads.
 * 2. The lesson's own measurement (cell `measure-pipeline`): time to the first and
 *    to all packed items, with generators and with whole arrays, run BENCH_RUNS
 *    times (default 3) after one Run all; medians.
 *
 * Options (environment): `BENCH_RUNS`, `BENCH_PORT` (default: a free port of the
 * scripts' range).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Response } from '@playwright/test';
import {
  cell,
  outputText,
  runAll,
  runCell,
  waitForNotebook,
} from '../tests/e2e/support/notebook.ts';
import { median, positiveInteger, writeFigures } from './support/bench.ts';
import { withSiteInChromium } from './support/site.ts';

const ROOT = resolve(import.meta.dirname, '..');
const LESSON = '/lessons/token-packing/';

/** Every response of the page, with its gzip size, grouped by when it came. */
function meter(page: Page): { take(): Promise<{ url: string; bytes: number; gzip: number }[]> } {
  let pending: Promise<{ url: string; bytes: number; gzip: number }>[] = [];
  page.on('response', (response: Response) => {
    pending.push(
      response.body().then(
        (body) => ({
          url: response.url(),
          bytes: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
        }),
        () => ({ url: response.url(), bytes: 0, gzip: 0 }),
      ),
    );
  });
  return {
    async take() {
      const all = await Promise.all(pending);
      pending = [];
      return all;
    },
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const isScript = (url: string) => /\.m?js(\?|$)/u.test(url);

/** Milliseconds to the first and to all packed items. */
interface Times {
  first: number;
  all: number;
}

/** The `first item` and `all items` times of one row of the lesson's table. */
function timesOf(text: string, approach: string): Times {
  // The first row that names the approach is in the measured table:
  // approach, items, first item (ms), all items (ms).
  const row = text.split('\n').find((line) => line.startsWith(`│ ${approach} `));
  const cells = row?.split('│').map((part) => part.trim()) ?? [];
  const first = Number(cells[3]);
  const all = Number(cells[4]);
  if (!Number.isFinite(first) || !Number.isFinite(all)) {
    throw new Error(`Expected a row for ${approach} in the measurement, got:\n${text}`);
  }
  return { first, all };
}

async function bench(browser: Browser, origin: string, runs: number) {
  const page = await browser.newPage();
  const responses = meter(page);
  await page.goto(`${origin}${LESSON}`, { waitUntil: 'networkidle' });
  await waitForNotebook(page);
  const shipped = (await responses.take()).filter((r) => isScript(r.url));

  await runCell(page, 'read-corpus');
  await page.waitForLoadState('networkidle');
  const firstRun = await responses.take();
  const kernel = firstRun.filter((r) => /kernel\.worker-/u.test(r.url));
  const tokens = firstRun.filter((r) => /\/tokens-[^/]*\.js$/u.test(r.url));
  const corpusRead = firstRun.filter((r) => r.url.endsWith('.jsonl'));
  const corpusSize = (await readFile(join(ROOT, 'content/data/node-api-docs.jsonl'))).length;

  await runAll(page);
  const measured: { generators: Times; arrays: Times }[] = [];
  for (let run = 0; run < runs; run += 1) {
    const status = await runCell(page, 'measure-pipeline');
    if (status !== 'done') throw new Error(`Expected measure-pipeline to finish, got ${status}`);
    const text = await outputText(cell(page, 'measure-pipeline'));
    measured.push({
      generators: timesOf(text, 'generators'),
      arrays: timesOf(text, 'whole arrays'),
    });
  }
  await page.close();
  const sum = (list: { gzip: number }[]) => list.reduce((total, r) => total + r.gzip, 0);
  const ms = (pick: (m: (typeof measured)[number]) => number) =>
    `${median(measured.map(pick)).toFixed(1)} ms`;
  return [
    [
      'JavaScript before interaction (gzip)',
      kb(sum(shipped)),
      'the lesson page, until the network is idle',
    ],
    ['+ kernel main chunk (first Run)', kb(sum(kernel)), 'no tokenizer in it'],
    [
      '+ `yieldbook/tokens` chunk (first import)',
      kb(sum(tokens)),
      'GPT-2 tokenizer and its vocabulary, reader, split, pack',
    ],
    [
      'Corpus read by the first cell',
      `${kb(corpusRead.reduce((total, r) => total + r.bytes, 0))} of ${kb(corpusSize)}`,
      `${corpusRead.length} range ${corpusRead.length === 1 ? 'request' : 'requests'} for the first three documents`,
    ],
    ['Generators: first item', ms((m) => m.generators.first), `median of ${runs}`],
    ['Generators: all 311 items', ms((m) => m.generators.all), `median of ${runs}`],
    ['Whole arrays: first item (= all items)', ms((m) => m.arrays.all), `median of ${runs}`],
  ];
}

async function main(): Promise<void> {
  const runs = positiveInteger('BENCH_RUNS', 3);
  await withSiteInChromium(async (browser, origin) => {
    const rows = await bench(browser, origin, runs);
    const context = `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${browser.version()} (headless, ${LESSON}), Node ${process.versions.node}. gzip level 9.`;
    const markdown = [
      context,
      '',
      '| metric | result | notes |',
      '| --- | --- | --- |',
      ...rows.map(([metric, value, note]) => `| ${metric} | ${value} | ${note} |`),
    ].join('\n');
    console.log(`\n${markdown}\n`);
    // docs/benchmarks.md has no token-packing section.
    await writeFigures('tokens', markdown, { files: ['README.md'] });
  });
}

if (import.meta.main) await main();
