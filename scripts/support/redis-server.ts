/**
 * A real `redis-server` (Debian's) for tests and benchmarks: on a free port of those
 * given (by default one the system picks), in a temporary directory, nothing saved;
 * stopped by its pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort, isFree } from './ports.ts';

/** A running Redis that can be killed and started again on the same port. */
export interface TestRedis {
  url: string;
  port: number;
  /** Kills it (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.env.REDIS_SERVER ?? 'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${seen}`)));
    child.stdout?.on('data', (data: Buffer) => {
      seen += data.toString();
      if (seen.includes('Ready to accept connections')) resolve(child);
    });
  });
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts Redis on the first free port of `ports` (none given: one the system picks). */
export async function startRedis(ports: readonly number[] = []): Promise<TestRedis> {
  let port = 0;
  for (const candidate of ports) {
    if (await isFree(candidate)) {
      port = candidate;
      break;
    }
  }
  if (ports.length === 0) port = await freeLoopbackPort();
  if (port === 0) throw new Error(`Expected a free port in ${ports.join(', ')}, got none`);
  const dir = mkdtempSync(join(tmpdir(), 'yb-redis-'));
  let child: ChildProcess | null = await launch(port, dir);
  const kill = async () => {
    const running = child;
    child = null;
    if (running === null) return;
    running.kill('SIGKILL');
    await ended(running);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: async () => {
      child = await launch(port, dir);
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
