/**
 * Where the browser tests find Chromium and the site. Shared by the
 * Playwright config, the tests and the benchmark.
 */
import process from 'node:process';

/** Flags for Debian's Chromium in a container: no sandbox, GPU or background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** Chromium from `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : '/usr/bin/chromium';
}

/** Port of the server Playwright starts; `E2E_PORT` moves it when 4431 is taken. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4431);

/** Origin of the site under test. */
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
