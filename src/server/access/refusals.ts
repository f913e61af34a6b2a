/** The OpenAI-shaped refusals of classroom access: 401, 429 with `Retry-After`, 503. */
import { ApiError } from '../llm/errors.ts';
import { type BudgetCode, type Budgets, resetsAt } from './store.ts';

/** Why a token is not accepted. */
export type AccessReason =
  | 'access_required'
  | 'access_invalid'
  | 'access_expired'
  | 'access_revoked';

const OFFLINE_HINT = 'The offline models (`yieldbook-offline`) answer without one.';

/** The 401 for `reason`; `expires` is the token's expiry (unix seconds) when known. */
export function accessRefusal(reason: AccessReason, expires: number | null = null): ApiError {
  const message = {
    access_required: `This model needs your class access. Open the access link your instructor sent you (it signs this browser in), then run the cell again. ${OFFLINE_HINT}`,
    access_invalid: `Your access token is not valid on this site (damaged, or from another course). Open the access link your instructor sent you again, or ask them for a new one. ${OFFLINE_HINT}`,
    access_expired: `Your access link expired${expires === null ? '' : ` on ${new Date(expires * 1000).toISOString()}`}. Ask your instructor for a new access link and open it. ${OFFLINE_HINT}`,
    access_revoked: `Your access to this model was withdrawn by your instructor. Ask them for a new access link if you need one. ${OFFLINE_HINT}`,
  }[reason];
  return new ApiError(401, message, { type: 'authentication_error', code: reason });
}

/** How each budget is named in a refusal, and the setting behind it. */
const BUDGETS: Record<BudgetCode, { what: (limit: number) => string; setting: keyof Budgets }> = {
  student_rpm: { what: (n) => `${n} requests per minute per student`, setting: 'studentRpm' },
  student_tokens_per_day: {
    what: (n) => `${n} tokens per day per student`,
    setting: 'studentTokensPerDay',
  },
  student_concurrent: {
    what: (n) => `${n} requests in flight per student`,
    setting: 'studentConcurrent',
  },
  class_tokens_per_day: {
    what: (n) => `${n} tokens per day for the whole class`,
    setting: 'classTokensPerDay',
  },
  class_concurrent: {
    what: (n) => `${n} requests in flight for the whole class`,
    setting: 'classConcurrent',
  },
};

/** `seconds` in words: `42 s`, `3 min 5 s`, `7 h 12 min`. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** The 429 for `code` at `now` (ms since the epoch): names the budget and when it resets. */
export function budgetRefusal(code: BudgetCode, budgets: Budgets, now: number): ApiError {
  const { what, setting } = BUDGETS[code];
  const reset = resetsAt(code, now);
  const retryAfter = reset === null ? 1 : Math.max(1, Math.ceil((reset - now) / 1000));
  const when =
    reset === null
      ? 'It frees up as soon as one of them finishes; retry in a second.'
      : `It resets at ${new Date(reset).toISOString().slice(11, 19)} UTC, in ${duration(retryAfter)}.`;
  return new ApiError(429, `Budget reached: ${what(budgets[setting])}. ${when}`, {
    type: 'rate_limit_error',
    code,
    headers: { 'Retry-After': String(retryAfter) },
  });
}

/** The 503 while the budget store cannot be reached. */
export function storeUnavailable(detail: string): ApiError {
  return new ApiError(
    503,
    'The class budget store cannot be reached, so paid models are paused for a moment; the offline models still answer. The server reconnects by itself: retry in a few seconds.',
    {
      type: 'api_error',
      code: 'budget_store_unavailable',
      headers: { 'Retry-After': '2' },
      detail,
    },
  );
}
