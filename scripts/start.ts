/**
 * `npm start`: builds the site when the build is missing or stale, then serves
 * it with `server.mjs` (which adds the cross-origin isolation headers and prints the URL).
 *
 * `PORT` (default 4321) and `HOST` (default 127.0.0.1) choose where it listens; with
 * `TLS_CERT_FILE` and `TLS_KEY_FILE` it serves HTTPS with HTTP/2 (src/server/http/settings.ts).
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** What the build reads; a change to any of them makes `dist/` stale. */
const BUILD_INPUTS = ['src', 'content', 'public', 'astro.config.mjs'];

/** The file the standalone server needs; its age is the build's age. */
const BUILD_OUTPUT = join('dist', 'server', 'entry.mjs');

/** Newest modification time (ms) among a file or everything under a folder; 0 when absent. */
async function newestMtime(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/**
 * Why the site must be built before serving, or null when `dist/` is up to date; `output`
 * is the file whose age is the build's (another out dir's, for the static builds of the tests).
 */
export async function staleBuildReason(
  root: string = ROOT,
  output: string = BUILD_OUTPUT,
): Promise<string | null> {
  let builtAt: number;
  try {
    builtAt = (await stat(join(root, output))).mtimeMs;
  } catch {
    return `${output} is missing`;
  }
  for (const input of BUILD_INPUTS) {
    if ((await newestMtime(join(root, input))) > builtAt) return `${input} changed since the build`;
  }
  return null;
}

/** The part of `server.mjs` this script uses; it drains and exits on SIGTERM or SIGINT. */
interface ServerModule {
  start(options: { port: number; host: string }): Promise<unknown>;
}

/** Runs a Node script from the project with the current (pinned) Node; resolves with its exit code. */
function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: 'inherit',
      ...(signal === undefined ? {} : { signal }),
    });
    const forward = (name: NodeJS.Signals) => child.kill(name);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', reject);
    child.once('exit', (code, exitSignal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (exitSignal === null ? 1 : 0));
    });
  });
}

/** Validates `PORT`, in the project's error style. */
function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4321;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`Expected \`PORT\` to be an integer from 0 to 65535, got ${value}`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const host =
    process.env.HOST !== undefined && process.env.HOST !== '' ? process.env.HOST : '127.0.0.1';
  const env = { ...process.env, PORT: String(port), HOST: host };

  const reason = await staleBuildReason();
  if (reason !== null) {
    console.log(`Building the site (${reason})…`);
    const astro = join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
    const code = await runNode([astro, 'build'], env);
    if (code !== 0) {
      process.exitCode = code;
      return;
    }
  }

  // In-process: one Node process to stop, and server.mjs prints the URL it listens on.
  const server = (await import(pathToFileURL(join(ROOT, 'server.mjs')).href)) as ServerModule;
  await server.start({ port, host });
}

if (import.meta.main) await main();
