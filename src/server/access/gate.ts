/**
 * The access decision for each request: who it is (a signed token, checked without any
 * store), whether a paid model may answer it (revocation and budgets, one store call), and
 * what `GET /api/llm/v1/access` reports. Offline models never come here: they are open and
 * uncounted.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../llm/types.ts';
import type { AccessConfig } from './config.ts';
import { MemoryStore } from './memory-store.ts';
import { openRedisStore } from './redis-store.ts';
import { type AccessReason, accessRefusal, budgetRefusal, storeUnavailable } from './refusals.ts';
import { type AccessStore, StoreUnavailableError } from './store.ts';
import { bearerToken, verifyToken } from './token.ts';

/** Who sent a request, as far as its token says (no store asked). */
export interface Identity {
  /** The student of a correctly signed token (expired ones too), else null. */
  student: string | null;
  issuedAt: number;
  /** The token's expiry, unix seconds. */
  expires: number | null;
  /** Why the token does not grant access (revocation aside), or null when it does. */
  reason: Exclude<AccessReason, 'access_revoked'> | null;
}

/** A paid request admitted: call `finish` once with the tokens it used. */
export interface Lease {
  /**
   * Frees the lease and counts `tokens`; returns at once, the store sending the release on
   * its own (a Redis store, with the response's end: redis-store.ts). A release the store
   * fails to apply is logged, never thrown: the lease runs out by itself.
   */
  finish(tokens: number): void;
}

/** What `GET /api/llm/v1/access` answers. */
export interface AccessInfo {
  access: 'open' | 'students';
  student: string | null;
  expires: string | null;
  reason: AccessReason | null;
  offline: boolean;
}

/** Options of `AccessGate`. */
export interface AccessGateOptions {
  config: AccessConfig;
  logger: Logger;
  /** Whether the site has no upstream (offline models only). */
  offline: boolean;
  /** Wall clock, ms since the epoch. @default Date.now */
  now?: () => number;
  /** How long a lease counts when never finished (a server that died), in ms. */
  leaseMs: number;
  /** Replaces the store the configuration names (tests). */
  store?: AccessStore;
}

const NO_ONE: Identity = { student: null, issuedAt: 0, expires: null, reason: 'access_required' };

/** See the module comment. Creates its store at the first request that needs it. */
export class AccessGate {
  readonly #options: AccessGateOptions;
  readonly #now: () => number;
  #store: Promise<AccessStore> | null = null;

  constructor(options: AccessGateOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    if (options.store !== undefined) this.#store = Promise.resolve(options.store);
  }

  get mode(): 'open' | 'students' {
    return this.#options.config.mode;
  }

  /** Who sent `authorization` (the header's value). */
  identify(authorization: string | null): Identity {
    const token = bearerToken(authorization);
    const { secret } = this.#options.config;
    if (token === null || secret === null) return NO_ONE;
    const check = verifyToken(token, secret, Math.floor(this.#now() / 1000));
    if (check.ok) {
      const { sub, iat, exp } = check.claims;
      return { student: sub, issuedAt: iat, expires: exp, reason: null };
    }
    if (check.reason === 'access_expired') {
      const { sub, iat, exp } = check.claims;
      return { student: sub, issuedAt: iat, expires: exp, reason: 'access_expired' };
    }
    return { ...NO_ONE, reason: 'access_invalid' };
  }

  /** The key of the per-client limiter: the student with a valid token, else the address. */
  limiterKey(identity: Identity, address: string): string {
    return identity.reason === null && identity.student !== null
      ? `student:${identity.student}`
      : address;
  }

  /**
   * Admits a paid request of `identity` or throws the `ApiError` to answer: 401 without
   * access, 429 over a budget, 503 when the store cannot be reached.
   */
  async admit(identity: Identity): Promise<Lease> {
    const { config } = this.#options;
    const students = config.mode === 'students';
    if (students && identity.reason !== null) {
      throw accessRefusal(identity.reason, identity.expires);
    }
    // Open access counts class budgets only; tokens, if any, are not asked for.
    const student = students ? identity.student : null;
    const budgets = config.budgets;
    if (student === null && budgets.classConcurrent === 0 && budgets.classTokensPerDay === 0) {
      return { finish: () => {} };
    }
    const store = await this.#storeOrUnavailable();
    const lease = randomUUID();
    const now = this.#now();
    let admission: Awaited<ReturnType<AccessStore['admit']>>;
    try {
      admission = await store.admit({
        student,
        issuedAt: identity.issuedAt,
        now,
        lease,
        leaseExpiresAt: now + this.#options.leaseMs,
      });
    } catch (error) {
      throw this.#unavailable(error);
    }
    if (!admission.ok) {
      if (admission.reason === 'access_revoked') throw accessRefusal('access_revoked');
      throw budgetRefusal(admission.reason, budgets, now);
    }
    let finished = false;
    return {
      finish: (tokens) => {
        if (finished) return;
        finished = true;
        store.finish({ student, lease, now: this.#now(), tokens }).catch((error: unknown) => {
          // The lease runs out by itself; only these tokens go uncounted.
          this.#options.logger.warn('budget store: usage not recorded', {
            student,
            tokens,
            detail: error instanceof Error ? error.message : String(error),
          });
        });
      },
    };
  }

  /** What `GET /api/llm/v1/access` answers for `identity` (nothing counted). */
  async describe(identity: Identity): Promise<AccessInfo> {
    const { config, offline } = this.#options;
    const expires =
      identity.expires === null ? null : new Date(identity.expires * 1000).toISOString();
    if (config.mode === 'open') {
      const signedIn = identity.reason === null;
      return {
        access: 'open',
        student: signedIn ? identity.student : null,
        expires: signedIn ? expires : null,
        reason: null,
        offline,
      };
    }
    let reason: AccessReason | null = identity.reason;
    if (reason === null && identity.student !== null) {
      try {
        const store = await this.#storeOrUnavailable();
        if (await store.isRevoked(identity.student, identity.issuedAt)) reason = 'access_revoked';
      } catch {
        // Unknown while the store is away: the paid request itself will say so.
      }
    }
    return { access: 'students', student: identity.student, expires, reason, offline };
  }

  /** Whether the store answers (true when none is needed yet and it is in process). */
  async ready(): Promise<boolean> {
    try {
      return await (await this.#storeOrUnavailable()).ready();
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const store = this.#store;
    this.#store = null;
    if (store !== null) await (await store).close();
  }

  /** The store, opened on first use. */
  store(): Promise<AccessStore> {
    if (this.#store === null) {
      const { config, logger, leaseMs } = this.#options;
      this.#store =
        config.redisUrl === null
          ? Promise.resolve(new MemoryStore({ budgets: config.budgets, stateDir: config.stateDir }))
          : openRedisStore({ url: config.redisUrl, budgets: config.budgets, logger, leaseMs });
    }
    return this.#store;
  }

  async #storeOrUnavailable(): Promise<AccessStore> {
    try {
      return await this.store();
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  #unavailable(error: unknown): Error {
    if (error instanceof StoreUnavailableError) return storeUnavailable(error.message);
    return storeUnavailable(error instanceof Error ? error.message : String(error));
  }
}
