/**
 * The OPFS and IndexedDB stores in real Chromium: the store contract of the
 * Node tests, a Memory round trip, and writers in two workers racing on one key.
 * A small page bundled here and served by the tests' own static server, so the
 * site has no test-only routes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { expect, type Page, test } from '@playwright/test';
import { build } from 'esbuild';
import type { ContractReport } from './memory/browser-contract.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

let dir = '';
let server: StaticServer;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yb-memory-e2e-'));
  const here = join(import.meta.dirname, 'memory');
  await build({
    entryPoints: {
      page: join(here, 'page-entry.ts'),
      worker: join(here, 'worker-entry.ts'),
    },
    outdir: dir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><title>memory stores</title><script type="module" src="./page.js"></script></html>',
  );
  // E2E_STATIC_PORT pins the page's port when only some ports may be used; any free one by default.
  const port = Number(process.env.E2E_STATIC_PORT ?? 0);
  server = await startStaticServer(dir, { port });
});

test.afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function openPage(page: Page): Promise<void> {
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => 'memoryTests' in globalThis);
}

function failures(report: ContractReport): string[] {
  return report.results.filter((r) => r.error !== null).map((r) => `${r.name}: ${r.error}`);
}

for (const kind of ['opfs', 'indexeddb'] as const) {
  test(`the ${kind} store passes the store contract in the page`, async ({ page }) => {
    await openPage(page);
    const report = (await page.evaluate(
      (k) =>
        (
          globalThis as unknown as { memoryTests: { runContract(k: string): Promise<unknown> } }
        ).memoryTests.runContract(k),
      kind,
    )) as ContractReport;
    expect(report.results.length).toBeGreaterThan(5);
    expect(failures(report)).toEqual([]);
  });

  test(`the ${kind} store passes the store contract in a dedicated worker`, async ({ page }) => {
    await openPage(page);
    const report = (await page.evaluate(
      (k) =>
        (
          globalThis as unknown as {
            memoryTests: { contractInWorker(k: string): Promise<unknown> };
          }
        ).memoryTests.contractInWorker(k),
      kind,
    )) as ContractReport;
    expect(report.syncAccessHandles).toBe(true);
    expect(failures(report)).toEqual([]);
  });
}

test('two workers writing one OPFS key leave one whole item', async ({ page }) => {
  await openPage(page);
  const outcome = await page.evaluate(async () => {
    const tests = (
      globalThis as unknown as {
        memoryTests: {
          hammerInWorker(l: string, f: number, t: number): Promise<unknown>;
          readRaced(l: string): Promise<{ size: number; whole: boolean }>;
        };
      }
    ).memoryTests;
    const location = `race-${Date.now()}`;
    await Promise.all([tests.hammerInWorker(location, 1, 8), tests.hammerInWorker(location, 2, 8)]);
    return tests.readRaced(location);
  });
  expect(outcome).toEqual({ size: 512 * 1024, whole: true });
});
