/**
 * Per-client limits: a cap on requests in flight and a token bucket for the
 * request rate. Clients are keyed by address, an IPv6 one by its /64 (client-key.ts).
 * State for a client is dropped once it has nothing in flight and its bucket is full
 * again, so memory stays bounded by the clients that are active.
 */
import { clientKey } from './client-key.ts';

/** Limits of `ClientLimiter`. */
export interface LimiterOptions {
  maxConcurrent: number;
  ratePerSecond: number;
  rateBurst: number;
  /** Current time in milliseconds. */
  now(): number;
}

/** A granted request: call `release` exactly once when its response is done (extra calls are ignored). */
export interface Permit {
  ok: true;
  release(): void;
}

/** A refused request and how many seconds to wait before retrying. */
export interface Refusal {
  ok: false;
  reason: 'concurrency' | 'rate';
  retryAfterSeconds: number;
}

/** Above this many tracked clients, idle ones are swept out at most once a second. */
const SWEEP_ABOVE = 1024;

interface ClientState {
  inFlight: number;
  tokens: number;
  updatedAt: number;
}

/** Tracks every client's requests in flight and request rate. */
export class ClientLimiter {
  readonly #options: LimiterOptions;
  readonly #clients = new Map<string, ClientState>();
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: LimiterOptions) {
    this.#options = options;
  }

  /** Number of clients with state (for tests and monitoring). */
  get trackedClients(): number {
    return this.#clients.size;
  }

  /** Admits one request from the client at `address`, or says why not. */
  acquire(address: string): Permit | Refusal {
    const client = clientKey(address);
    const { maxConcurrent, ratePerSecond, rateBurst } = this.#options;
    const now = this.#options.now();
    if (this.#clients.size > SWEEP_ABOVE && now - this.#lastSweep >= 1000) this.#sweep(now);
    const state = this.#clients.get(client) ?? { inFlight: 0, tokens: rateBurst, updatedAt: now };
    state.tokens = Math.min(
      rateBurst,
      state.tokens + (Math.max(0, now - state.updatedAt) / 1000) * ratePerSecond,
    );
    state.updatedAt = now;
    this.#clients.set(client, state);
    if (state.inFlight >= maxConcurrent) {
      return { ok: false, reason: 'concurrency', retryAfterSeconds: 1 };
    }
    if (state.tokens < 1) {
      const wait = Math.ceil((1 - state.tokens) / ratePerSecond);
      return { ok: false, reason: 'rate', retryAfterSeconds: Math.max(1, wait) };
    }
    state.tokens -= 1;
    state.inFlight += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        state.inFlight -= 1;
        this.#forgetIdle(client, state);
      },
    };
  }

  #sweep(now: number): void {
    this.#lastSweep = now;
    for (const [client, state] of this.#clients) this.#forgetIdle(client, state);
  }

  #forgetIdle(client: string, state: ClientState): void {
    if (state.inFlight > 0) return;
    const elapsed = Math.max(0, this.#options.now() - state.updatedAt) / 1000;
    const refilled = state.tokens + elapsed * this.#options.ratePerSecond;
    if (refilled >= this.#options.rateBurst && this.#clients.get(client) === state) {
      this.#clients.delete(client);
    }
  }
}
