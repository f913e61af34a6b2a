/**
 * Makes sure the Chromium the browser tests drive is installed.
 *
 * Playwright never downloads a browser in this project: it is pointed at
 * Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`). When that is
 * missing, root installs it with apt; anyone else is told the command to run.
 *
 * Run as `node scripts/ensure-chromium.ts` (the first step of `npm test`).
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import process from 'node:process';

/** Where the browser tests expect Chromium unless `CHROMIUM_PATH` says otherwise. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/** The Chromium executable the tests use. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(command: string, args: readonly string[], signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      ...(signal === undefined ? {} : { signal }),
    });
    child.once('error', reject);
    child.once('exit', (code, exitSignal) => resolve(code ?? (exitSignal === null ? 1 : 128)));
  });
}

/**
 * Installs Chromium with apt when it is missing and the process is root.
 * @returns the path of a working Chromium, or null when it is missing and could not be installed.
 */
export async function ensureChromium(signal?: AbortSignal): Promise<string | null> {
  const path = chromiumPath();
  if (await isExecutable(path)) return path;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // apt only ever installs to the default path; a custom CHROMIUM_PATH is the user's to provide.
  if (!isRoot || path !== DEFAULT_CHROMIUM_PATH) return null;

  console.log(`Chromium not found at ${path}; installing it with apt (${INSTALL_COMMAND}).`);
  if ((await run('apt-get', ['update'], signal)) !== 0) return null;
  if ((await run('apt-get', ['install', '-y', 'chromium'], signal)) !== 0) return null;
  return (await isExecutable(path)) ? path : null;
}

async function main(): Promise<void> {
  const found = await ensureChromium();
  if (found !== null) {
    console.log(`Chromium: ${found}`);
    return;
  }
  const path = chromiumPath();
  console.error(
    path === DEFAULT_CHROMIUM_PATH
      ? `Chromium is missing at ${path}. Install it as root, then run the tests again:\n\n  sudo sh -c '${INSTALL_COMMAND}'\n`
      : `Expected \`CHROMIUM_PATH\` to point to a Chromium executable, got ${JSON.stringify(path)}.\n`,
  );
  process.exitCode = 1;
}

if (import.meta.main) await main();
