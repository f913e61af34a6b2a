import type { Server } from 'node:http';
import type { Clock, Logger } from '../../../../src/server/llm/types.ts';

interface Timer {
  at: number;
  resolve(): void;
}

/** A clock that only moves when told: `advance` fires every sleep that falls due, in order. */
export class FakeClock implements Clock {
  #now = 0;
  #timers: Timer[] = [];

  now(): number {
    return this.#now;
  }

  /** Sleeps not yet due. */
  get pending(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = {
        at: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((item) => item !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Moves time forward, resolving due sleeps one at a time and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const due = this.#timers[0];
      if (!due || due.at > end) break;
      this.#timers.shift();
      this.#now = due.at;
      due.resolve();
      await settle();
    }
    this.#now = end;
  }

  /**
   * Waits until `count` sleeps are pending (so it is safe to `advance`). Requests may
   * cross real sockets first, so this polls; the test's timeout bounds it.
   */
  async untilSleeping(count = 1): Promise<void> {
    while (this.#timers.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A logger that keeps every line it is given, as JSON text, for assertions. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

/** A deferred promise: resolve or reject it from the outside. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Closes `server` and every connection it still holds; nothing when it is null. */
export async function closeServer(server: Server | null): Promise<void> {
  if (server === null) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
