/**
 * Logging refused and failed requests without letting one client flood the log: at most
 * one line per client per interval (a client is an address, an IPv6 one its /64; see
 * client-key.ts). The first refusal of a quiet client is written at once (with its request
 * id, path and the server-side detail, and its exact `address` when that is not the key);
 * later ones within the interval are only counted, and the next line carries the count and
 * the statuses.
 */
import { clientKey } from './client-key.ts';
import type { Logger } from './types.ts';

/** One refused or failed request. */
export interface Refusal {
  /** The client's address. */
  client: string;
  status: number;
  requestId: string;
  method: string;
  path: string;
  ms: number;
  /** What went wrong, for the operator (redacted by the logger). */
  detail: string | null;
}

/** Options of `RefusalLog`. */
export interface RefusalLogOptions {
  logger: Logger;
  /** Milliseconds; at most one line per client per interval. @default 10000 */
  intervalMs?: number;
  now(): number;
}

interface Window {
  start: number;
  /** Refusals counted since the client's last line. */
  count: number;
  statuses: Record<string, number>;
}

/** Writes refusals as at most one line per client address per interval. */
export class RefusalLog {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: RefusalLogOptions) {
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#now = options.now;
  }

  /** Clients with a window open (for tests). */
  get trackedClients(): number {
    return this.#windows.size;
  }

  /** Counts `refusal`; writes a line when its client has had none in the last interval. */
  record(refusal: Refusal): void {
    const now = this.#now();
    const client = clientKey(refusal.client);
    const window = this.#windows.get(client);
    if (window !== undefined && now - window.start < this.#intervalMs) {
      window.count += 1;
      window.statuses[refusal.status] = (window.statuses[refusal.status] ?? 0) + 1;
    } else {
      const statuses = { ...window?.statuses };
      statuses[refusal.status] = (statuses[refusal.status] ?? 0) + 1;
      this.#write(client, (window?.count ?? 0) + 1, statuses, refusal);
      this.#windows.set(client, { start: now, count: 0, statuses: {} });
    }
    this.tick(now);
  }

  /**
   * Writes the counts of windows that have ended (so a burst's tail is not lost when the
   * client goes quiet) and forgets quiet clients. Cheap: sweeps at most once per interval.
   */
  tick(now = this.#now()): void {
    if (now - this.#lastSweep < this.#intervalMs) return;
    this.#lastSweep = now;
    for (const [client, window] of this.#windows) {
      if (now - window.start < this.#intervalMs) continue;
      if (window.count === 0) {
        this.#windows.delete(client);
        continue;
      }
      this.#write(client, window.count, window.statuses, null);
      this.#windows.set(client, { start: now, count: 0, statuses: {} });
    }
  }

  #write(
    client: string,
    count: number,
    statuses: Record<string, number>,
    latest: Refusal | null,
  ): void {
    const failed = Object.keys(statuses).some((status) => Number(status) >= 500);
    // A 500 is the proxy's own bug: it gets the loudest level.
    const broken = statuses[500] !== undefined;
    const fields: Record<string, unknown> = { client, count, statuses };
    if (latest !== null) {
      if (latest.client !== client) fields.address = latest.client;
      fields.requestId = latest.requestId;
      fields.status = latest.status;
      fields.method = latest.method;
      fields.path = latest.path;
      fields.ms = latest.ms;
      if (latest.detail !== null) fields.detail = latest.detail;
    }
    const message = failed ? 'llm requests failed' : 'llm requests refused';
    if (broken) this.#logger.error(message, fields);
    else if (failed) this.#logger.warn(message, fields);
    else this.#logger.info(message, fields);
  }
}
