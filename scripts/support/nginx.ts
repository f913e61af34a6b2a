/**
 * Debian's nginx, run without root in a temporary folder (`nginx -p <dir> -c <conf>`), in
 * front of Yieldbook instances with the project's own proxy settings
 * (deploy/nginx/yieldbook-proxy.conf): for the deployment test and the classroom benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The proxy settings every nginx in front of Yieldbook includes. */
export const PROXY_CONF = join(ROOT, 'deploy', 'nginx', 'yieldbook-proxy.conf');

/** A running nginx. */
export interface RunningNginx {
  readonly origin: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts nginx on `port` in front of the instances on `upstreams` (loopback ports). Every
 * response says which instance answered in `X-Upstream-Addr` (a test's addition).
 */
export async function startNginx(
  port: number,
  upstreams: readonly number[],
  nginx = process.env.NGINX ?? '/usr/sbin/nginx',
): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'yieldbook-nginx-'));
  for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, name));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path ${join(dir, 'body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
    upstream yieldbook {
${upstreams.map((upstream) => `        server 127.0.0.1:${upstream} max_fails=1 fail_timeout=2s;`).join('\n')}
        keepalive 64;
    }
    server {
        listen 127.0.0.1:${port};
        add_header X-Upstream-Addr $upstream_addr always;
        include ${PROXY_CONF};
    }
}
`,
  );
  const child = spawn(nginx, ['-e', 'stderr', '-p', dir, '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (data: Buffer) => {
    errors += data.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`Expected nginx to start, it exited: ${errors}`);
    try {
      await fetch(`${origin}/api/health`);
      break;
    } catch (error) {
      if (attempt > 100)
        throw new Error(`Expected nginx to answer on ${port}: ${errors}`, { cause: error });
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return {
    origin,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
