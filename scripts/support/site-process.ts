/**
 * `server.mjs` as a child process, the way it runs in production: for the tests and
 * benchmarks of deployment (HTTP/2, nginx in front of several instances, rolling restarts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import process from 'node:process';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** A running `server.mjs`. */
export interface SiteProcess {
  /** `http(s)://127.0.0.1:<port>` */
  readonly origin: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM (a drain) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `server.mjs` on `port` with `env` added; resolves once it says where it listens. */
export function startSite(port: number, env: NodeJS.ProcessEnv = {}): Promise<SiteProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let errors = '';
  child.stderr?.on('data', (data: Buffer) => {
    errors += data.toString();
  });
  return new Promise((done, fail) => {
    let seen = '';
    void exited.then((code) =>
      fail(new Error(`Expected server.mjs to start on ${port}, it exited (${code}): ${errors}`)),
    );
    child.stdout?.on('data', (data: Buffer) => {
      seen += data.toString();
      const origin = /serving (https?:\/\/127\.0\.0\.1:\d+)\//u.exec(seen)?.[1];
      if (origin !== undefined) {
        done({
          origin,
          child,
          exited,
          stop: () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}
