/**
 * Classroom access settings (the access rows of src/server/llm/settings.ts): who may use
 * paid models, the budgets, and where their counters live.
 */
import { resolve } from 'node:path';
import { type ProxyEnv, readSettings } from '../llm/settings.ts';
import type { Budgets } from './store.ts';

/** `LLM_ACCESS`: anyone (`open`), or students with a signed token (`students`). */
export type AccessMode = 'open' | 'students';

/** The parsed access settings. */
export interface AccessConfig {
  mode: AccessMode;
  /** `LLM_ACCESS_SECRET`; required with `students`. */
  secret: string | null;
  budgets: Budgets;
  /** `REDIS_URL`, or null: counters in process. */
  redisUrl: string | null;
  /** `LLM_ACCESS_STATE_DIR`, resolved (default `.yieldbook/access` in the working directory). */
  stateDir: string;
  /** Said once at start: an upstream open to anyone. */
  warnings: string[];
}

/** The state directory when `LLM_ACCESS_STATE_DIR` is not set, relative to the working directory. */
export const DEFAULT_STATE_DIR = '.yieldbook/access';

/** Shortest `LLM_ACCESS_SECRET` accepted: a shorter one could be guessed from a token. */
export const MIN_SECRET_LENGTH = 32;

/** Parses the access settings of `env`; throws a `TypeError` naming the setting to fix. */
export function parseAccessConfig(env: ProxyEnv, cwd: string = process.cwd()): AccessConfig {
  const values = readSettings(env);
  const hasUpstream = values.LLM_BASE_URL !== null;
  const chosen = values.LLM_ACCESS;
  if (chosen !== null && chosen !== 'open' && chosen !== 'students') {
    throw new TypeError(
      `Expected LLM_ACCESS to be \`open\` or \`students\`, got ${JSON.stringify(chosen.slice(0, 40))}`,
    );
  }
  const mode: AccessMode = chosen ?? (hasUpstream ? 'students' : 'open');
  const secret = values.LLM_ACCESS_SECRET;
  if (mode === 'students') {
    if (secret === null) {
      throw new TypeError(
        'Expected LLM_ACCESS_SECRET to be set when LLM_ACCESS is `students` (the default with LLM_BASE_URL): it signs the students’ access links. Make one with `openssl rand -base64 32`, or set LLM_ACCESS=open to let anyone use the model',
      );
    }
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new TypeError(
        `Expected LLM_ACCESS_SECRET to be at least ${MIN_SECRET_LENGTH} characters, got ${secret.length}; make one with \`openssl rand -base64 32\``,
      );
    }
  }
  const redisUrl = values.REDIS_URL;
  if (redisUrl !== null) {
    let protocol = '';
    try {
      protocol = new URL(redisUrl).protocol;
    } catch {
      // Reported below; the value may hold a password, so it is not echoed.
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      throw new TypeError(
        'Expected REDIS_URL to be a redis:// or rediss:// URL, got a value that is not one',
      );
    }
  }
  const warnings =
    mode === 'open' && hasUpstream
      ? [
          'LLM_ACCESS=open with LLM_BASE_URL: anyone who reaches this site can spend the upstream key (class budgets still apply)',
        ]
      : [];
  return {
    mode,
    secret,
    budgets: {
      studentRpm: values.LLM_STUDENT_RPM,
      studentTokensPerDay: values.LLM_STUDENT_TOKENS_PER_DAY,
      studentConcurrent: values.LLM_STUDENT_CONCURRENT,
      classTokensPerDay: values.LLM_CLASS_TOKENS_PER_DAY,
      classConcurrent: values.LLM_CLASS_CONCURRENT,
    },
    redisUrl,
    stateDir: resolve(cwd, values.LLM_ACCESS_STATE_DIR ?? DEFAULT_STATE_DIR),
    warnings,
  };
}
