/**
 * The in-process `AccessStore`: budgets count this process's requests only. With a state
 * directory (`LLM_ACCESS_STATE_DIR`), revocations written by `npm run class -- revoke` reach
 * it within a second and its usage figures reach `npm run class -- usage` (state-files.ts).
 */
import { randomUUID } from 'node:crypto';
import { mergeUsage, StateFiles } from './state-files.ts';
import {
  type AccessStore,
  type Admission,
  type AdmitRequest,
  type Budgets,
  countedTokens,
  type FinishRequest,
  type RefusalReason,
  revokedSecond,
  type StudentUsage,
  windowsAt,
} from './store.ts';

/** Options of `MemoryStore`. */
export interface MemoryStoreOptions {
  budgets: Budgets;
  /** The shared state directory, or null for none. */
  stateDir: string | null;
  /** Wall clock, ms since the epoch, for the file re-read interval. @default Date.now */
  now?: () => number;
}

/** Revocations are re-read from the state directory at most this often. */
const REREAD_MS = 1000;
/** Usage figures are written to the state directory at most this often. */
const WRITE_MS = 1000;

interface Window {
  /** The minute or day number. */
  window: number;
  count: number;
}

/** A count that starts again at 0 in each new window. */
function windowed(current: Window | undefined, window: number): Window {
  return current !== undefined && current.window === window ? current : { window, count: 0 };
}

/** Drops expired leases; returns how many remain. */
function liveLeases(leases: Map<string, number>, now: number): number {
  for (const [lease, expiry] of leases) if (expiry <= now) leases.delete(lease);
  return leases.size;
}

/** Budgets and revocations in this process; see the module comment. */
export class MemoryStore implements AccessStore {
  readonly #budgets: Budgets;
  readonly #files: StateFiles | null;
  readonly #now: () => number;
  readonly #instance = randomUUID();
  #revocations = new Map<string, number>();
  #lastRead = Number.NEGATIVE_INFINITY;
  readonly #rpm = new Map<string, Window>();
  readonly #tokens = new Map<string, Window>();
  #classTokens: Window = { window: 0, count: 0 };
  readonly #leases = new Map<string, Map<string, number>>();
  readonly #classLeases = new Map<string, number>();
  readonly #usage = new Map<string, StudentUsage>();
  #writeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: MemoryStoreOptions) {
    this.#budgets = options.budgets;
    this.#files = options.stateDir === null ? null : new StateFiles(options.stateDir);
    this.#now = options.now ?? Date.now;
  }

  async admit(request: AdmitRequest): Promise<Admission> {
    const { student, now } = request;
    const budgets = this.#budgets;
    if (student !== null && this.#revokedAt(student) >= request.issuedAt) {
      return { ok: false, reason: 'access_revoked' };
    }
    const refuse = (reason: RefusalReason): Admission => {
      if (student !== null) {
        const usage = this.#usageOf(student);
        usage.refusals++;
        usage.lastSeen = now;
        this.#scheduleWrite();
      }
      return { ok: false, reason };
    };
    const { minute, day } = windowsAt(now);
    if (student !== null) {
      const leases = this.#leases.get(student) ?? new Map<string, number>();
      if (budgets.studentConcurrent > 0 && liveLeases(leases, now) >= budgets.studentConcurrent) {
        return refuse('student_concurrent');
      }
      const rpm = windowed(this.#rpm.get(student), minute);
      if (budgets.studentRpm > 0 && rpm.count >= budgets.studentRpm) {
        return refuse('student_rpm');
      }
      const tokens = windowed(this.#tokens.get(student), day);
      if (budgets.studentTokensPerDay > 0 && tokens.count >= budgets.studentTokensPerDay) {
        return refuse('student_tokens_per_day');
      }
    }
    if (
      budgets.classConcurrent > 0 &&
      liveLeases(this.#classLeases, now) >= budgets.classConcurrent
    ) {
      return refuse('class_concurrent');
    }
    this.#classTokens = windowed(this.#classTokens, day);
    if (budgets.classTokensPerDay > 0 && this.#classTokens.count >= budgets.classTokensPerDay) {
      return refuse('class_tokens_per_day');
    }
    this.#classLeases.set(request.lease, request.leaseExpiresAt);
    if (student !== null) {
      const rpm = windowed(this.#rpm.get(student), minute);
      rpm.count++;
      this.#rpm.set(student, rpm);
      const leases = this.#leases.get(student) ?? new Map<string, number>();
      leases.set(request.lease, request.leaseExpiresAt);
      this.#leases.set(student, leases);
      const usage = this.#usageOf(student);
      usage.requests++;
      usage.lastSeen = now;
      this.#scheduleWrite();
    }
    return { ok: true };
  }

  async finish(request: FinishRequest): Promise<void> {
    const { student } = request;
    const tokens = countedTokens(request.tokens);
    const { day } = windowsAt(request.now);
    this.#classLeases.delete(request.lease);
    this.#classTokens = windowed(this.#classTokens, day);
    this.#classTokens.count += tokens;
    if (student === null) return;
    const leases = this.#leases.get(student);
    leases?.delete(request.lease);
    if (leases?.size === 0) this.#leases.delete(student);
    const counted = windowed(this.#tokens.get(student), day);
    counted.count += tokens;
    this.#tokens.set(student, counted);
    if (tokens > 0) {
      this.#usageOf(student).tokens += tokens;
      this.#scheduleWrite();
    }
  }

  async isRevoked(student: string, issuedAt: number): Promise<boolean> {
    return this.#revokedAt(student) >= issuedAt;
  }

  async revoke(student: string, now: number): Promise<void> {
    const second = revokedSecond(now);
    this.#revocations.set(student, Math.max(second, this.#revocations.get(student) ?? 0));
    this.#files?.writeRevocation(student, second);
  }

  async usage(): Promise<StudentUsage[]> {
    const own = [...this.#usage.values()];
    return mergeUsage(
      this.#files === null ? own : [...own, ...this.#files.readUsage(this.#instance)],
    );
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    if (this.#writeTimer !== null) {
      clearTimeout(this.#writeTimer);
      this.#writeTimer = null;
      this.#writeUsage();
    }
  }

  /** The second up to which `student`'s tokens are revoked, or -1. */
  #revokedAt(student: string): number {
    if (this.#files !== null) {
      const now = this.#now();
      if (now - this.#lastRead >= REREAD_MS) {
        this.#lastRead = now;
        const read = this.#files.readRevocationsIfChanged();
        if (read !== null) {
          for (const [id, second] of this.#revocations) {
            if (second > (read.get(id) ?? -1)) read.set(id, second);
          }
          this.#revocations = read;
        }
      }
    }
    return this.#revocations.get(student) ?? -1;
  }

  #usageOf(student: string): StudentUsage {
    let usage = this.#usage.get(student);
    if (usage === undefined) {
      usage = { student, requests: 0, tokens: 0, refusals: 0, lastSeen: null };
      this.#usage.set(student, usage);
    }
    return usage;
  }

  #scheduleWrite(): void {
    if (this.#files === null || this.#writeTimer !== null) return;
    this.#writeTimer = setTimeout(() => {
      this.#writeTimer = null;
      this.#writeUsage();
    }, WRITE_MS);
    this.#writeTimer.unref();
  }

  #writeUsage(): void {
    try {
      this.#files?.writeUsage(this.#instance, [...this.#usage.values()]);
    } catch {
      // A full or read-only disk loses the usage figures, never a request.
    }
  }
}
