/**
 * Where access state lives: revocations, budgets' counters and usage figures. Two
 * implementations hold to one contract (tests/unit/server/access/store-contract.ts): in
 * process (memory-store.ts, the default) and Redis (redis-store.ts, `REDIS_URL`), which
 * lets any number of servers enforce one budget.
 */

/** The budgets, per student and per class; 0 means no limit. */
export interface Budgets {
  /** Requests per student per minute (`LLM_STUDENT_RPM`). */
  studentRpm: number;
  /** Tokens per student per UTC day (`LLM_STUDENT_TOKENS_PER_DAY`). */
  studentTokensPerDay: number;
  /** Requests per student in flight (`LLM_STUDENT_CONCURRENT`). */
  studentConcurrent: number;
  /** Tokens per UTC day for the whole class (`LLM_CLASS_TOKENS_PER_DAY`). */
  classTokensPerDay: number;
  /** Upstream requests in flight for the whole class (`LLM_CLASS_CONCURRENT`). */
  classConcurrent: number;
}

/** The code of each budget, as refusals name it. */
export type BudgetCode =
  | 'student_rpm'
  | 'student_tokens_per_day'
  | 'student_concurrent'
  | 'class_tokens_per_day'
  | 'class_concurrent';

/** One request asking to be admitted. */
export interface AdmitRequest {
  /** The student, or null for a request without one (open access): class budgets only. */
  student: string | null;
  /** The token's `iat` (unix seconds); a revocation at or after it refuses the request. */
  issuedAt: number;
  /** Wall-clock time, ms since the epoch. */
  now: number;
  /** Unique per request: the request's place among those in flight. */
  lease: string;
  /** When a lease never released (a server that died) stops counting, ms since the epoch. */
  leaseExpiresAt: number;
}

/** Why a request was refused: its token revoked, or the budget it would go over. */
export type RefusalReason = 'access_revoked' | BudgetCode;

/**
 * The answer to an `AdmitRequest`. Both stores check in this order and refuse at the first
 * that fails: revocation, the student's requests in flight, per minute, tokens per day,
 * then the class's requests in flight and tokens per day.
 */
export type Admission = { ok: true } | { ok: false; reason: RefusalReason };

/** A finished request: its lease freed, its tokens counted. */
export interface FinishRequest {
  student: string | null;
  lease: string;
  now: number;
  tokens: number;
}

/** One student's figures, as `npm run class -- usage` prints them. */
export interface StudentUsage {
  student: string;
  requests: number;
  tokens: number;
  refusals: number;
  /** ms since the epoch; null when never seen. */
  lastSeen: number | null;
}

/** The store: every method may reject with `StoreUnavailableError`. */
export interface AccessStore {
  /** Checks revocation and every budget, and counts the request when admitted: one step. */
  admit(request: AdmitRequest): Promise<Admission>;
  /** Frees the request's lease and counts its tokens. */
  finish(request: FinishRequest): Promise<void>;
  /** Whether a token of `student` issued at `issuedAt` is revoked (nothing counted). */
  isRevoked(student: string, issuedAt: number): Promise<boolean>;
  /**
   * Refuses every token of `student` issued at or before `now`'s second. Tokens issued in
   * a later second (a new invite) are accepted again.
   */
  revoke(student: string, now: number): Promise<void>;
  /** Every student's figures, by id. */
  usage(): Promise<StudentUsage[]>;
  /** Whether the store answers now (the health check). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** The store could not be reached: paid requests get 503 `budget_store_unavailable`. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Milliseconds in a minute and a day: the windows of the rpm and tokens-per-day budgets. */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The minute and the UTC day (numbered from the epoch) that hold `now`: the budgets' windows. */
export function windowsAt(now: number): { minute: number; day: number } {
  return { minute: Math.floor(now / MINUTE_MS), day: Math.floor(now / DAY_MS) };
}

/** `tokens` as the budgets count them: a whole number, never below zero. */
export function countedTokens(tokens: number): number {
  return Number.isFinite(tokens) ? Math.max(0, Math.round(tokens)) : 0;
}

/** When the window of `code` that holds `now` ends (ms since the epoch); null for concurrency. */
export function resetsAt(code: BudgetCode, now: number): number | null {
  if (code === 'student_rpm') return (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
  if (code === 'student_tokens_per_day' || code === 'class_tokens_per_day') {
    return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
  }
  return null;
}

/** The second a revocation at `now` covers: tokens with `iat` up to it are refused. */
export function revokedSecond(now: number): number {
  return Math.floor(now / 1000);
}
