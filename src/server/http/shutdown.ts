/**
 * Stopping the server without losing a request: on SIGTERM (a load balancer's rolling
 * restart, `docker stop`) or SIGINT (Ctrl-C), stop listening, say "draining" on the health
 * route, let requests in flight (LLM streams included) finish for up to `SHUTDOWN_GRACE_MS`,
 * then close what is left. A second signal cuts at once.
 */
import type { SiteFront } from './site-front.ts';
import type { SiteServer } from './site-server.ts';

/** What a shutdown reports. */
export interface ShutdownOutcome {
  /** Requests still in flight when the grace ran out (or a second signal came): cut. */
  readonly cut: number;
}

/**
 * Drains `front` and closes `server`: resolves once every request in flight has finished,
 * or, after `graceMs` or when `cutNow` aborts, once the rest has been cut.
 */
export async function shutDown(
  server: SiteServer,
  front: SiteFront,
  { graceMs, cutNow }: { graceMs: number; cutNow?: AbortSignal },
): Promise<ShutdownOutcome> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  front.drain();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
    cutNow?.addEventListener('abort', () => resolve('late'), { once: true });
  });
  const ending = await Promise.race([front.idle().then(() => 'idle' as const), late]);
  clearTimeout(timer);
  const cut = ending === 'late' ? front.inFlight : 0;
  front.cut();
  await closed;
  return { cut };
}

/**
 * Shuts the server down on the first SIGTERM or SIGINT, cuts on the second, and exits 0
 * once closed. For the server's own entry points (server.mjs, scripts/start.ts).
 * `release` runs last, before the exit: the budget store sends what it still holds.
 */
export function shutDownOnSignals(
  server: SiteServer,
  front: SiteFront,
  graceMs: number,
  log: (line: string) => void = (line) => console.log(line),
  release: () => Promise<unknown> = async () => {},
): void {
  const cutNow = new AbortController();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      cutNow.abort();
      return;
    }
    stopping = true;
    log(`${signal}: draining ${front.inFlight} requests in flight (up to ${graceMs} ms)`);
    shutDown(server, front, { graceMs, cutNow: cutNow.signal }).then(async ({ cut }) => {
      await release().catch(() => {});
      log(cut === 0 ? 'Stopped.' : `Stopped; ${cut} requests were cut.`);
      process.exit(0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
