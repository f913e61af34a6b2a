/**
 * The built site (`server.mjs`, from `npm run build`) as a child process on a free port,
 * stopped by its pid through one helper.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

/** A running `server.mjs`. */
export interface Site {
  origin: string;
  child: ChildProcess;
  /** What it wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `server.mjs` with `env` added to this process's; resolves once it serves. */
export function startSite(env: Record<string, string>): Promise<Site> {
  const child = spawn(process.execPath, [join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (data: Buffer) => {
    errors += data.toString();
  });
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    child.once('exit', (code) =>
      reject(new Error(`Expected server.mjs to start, it exited (${code}): ${errors}`)),
    );
    child.stdout?.on('data', (data: Buffer) => {
      seen += data.toString();
      const match = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (match?.[1]) {
        resolvePromise({
          origin: match[1],
          child,
          stderr: () => errors,
          close: () => stopChild(child),
        });
      }
    });
  });
}

/** Runs `server.mjs` expecting it to refuse to start; resolves with its exit code and stderr. */
export function refusedStart(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((done) => child.once('exit', (code) => done({ code, stderr })));
}

/** Stops `child` (SIGTERM by its pid, SIGKILL after 10 s) and waits for it to exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const stubborn = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(stubborn);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Runs `node scripts/class.ts <args>` with `env`; resolves with its output and exit code. */
export function runClass(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'class.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}
