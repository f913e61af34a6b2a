/**
 * The built site for scripts that drive a browser (benchmarks, screenshots):
 * build when stale, then serve it with `server.mjs` on a free port
 * (`BENCH_PORT` picks one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../tests/e2e/support/env.ts';
import { staleBuildReason } from '../start.ts';
import { isFree } from './ports.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Ports for scripts (the e2e range is 4430-4439; Playwright's tests use 4431). */
const PORTS = [4433, 4434, 4435, 4436, 4437, 4438, 4439];

/**
 * The port to serve the site on: `BENCH_PORT` when set (a port from 1 to
 * 65535, which must be free), else the first free port of the scripts' range.
 */
export async function freePort(): Promise<number> {
  const raw = process.env.BENCH_PORT;
  if (raw !== undefined && raw !== '') {
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new TypeError(`Expected \`BENCH_PORT\` to be a port from 1 to 65535, got ${raw}`);
    }
    if (!(await isFree(port))) {
      throw new Error(`Expected \`BENCH_PORT\` ${port} to be free, got it in use`);
    }
    return port;
  }
  for (const port of PORTS) if (await isFree(port)) return port;
  throw new Error(`Expected a free port in ${PORTS.join(', ')}, got none`);
}

function runNode(args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Builds the site when `dist/` is missing or older than its sources. */
export async function ensureBuilt(): Promise<void> {
  const reason = await staleBuildReason(ROOT);
  if (reason === null) return;
  console.log(`Building the site (${reason})…`);
  await runNode([join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build']);
}

/** Starts `server.mjs`; resolves once it answers. */
export async function startServer(port: number, signal: AbortSignal): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code) => fail(new Error(`server.mjs exited early with ${code}`))),
  );
  const answers = (async () => {
    for (;;) {
      signal.throwIfAborted();
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal });
        if (response.ok) return;
      } catch (error) {
        if (signal.aborted) throw error;
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  await Promise.race([answers, exited]);
  return child;
}

/**
 * Builds if stale, serves the site on the port {@link freePort} picks, opens
 * Debian's Chromium, and runs `work` with the browser and the site's origin;
 * always cleans up.
 */
export async function withSiteInChromium<T>(
  work: (browser: Browser, origin: string) => Promise<T>,
): Promise<T> {
  await ensureBuilt();
  const port = await freePort();
  const controller = new AbortController();
  const server = await startServer(port, controller.signal);
  try {
    const browser = await launchChromium();
    try {
      return await work(browser, `http://127.0.0.1:${port}`);
    } finally {
      await browser.close();
    }
  } finally {
    controller.abort();
    server.kill('SIGTERM');
  }
}

/** Starts Debian's Chromium (or `CHROMIUM_PATH`) headless, with the tests' flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] });
}

/**
 * Opens `url` in `page` and waits until the notebook has wired the page (its
 * `data-notebook-ready`), so cells can run.
 */
export async function openNotebook(
  page: Page,
  url: string,
  options?: Parameters<Page['goto']>[1],
): Promise<void> {
  await page.goto(url, options);
  await page.waitForFunction(
    () => document.documentElement.getAttribute('data-notebook-ready') === 'true',
  );
}
