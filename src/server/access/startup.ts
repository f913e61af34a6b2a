/**
 * The access settings checked when the server starts, not at its first request: with
 * `LLM_ACCESS=students` and no `LLM_ACCESS_SECRET` the server refuses to start, and a paid
 * upstream left open to anyone is said once, loudly.
 */
import type { ProxyEnv } from '../llm/settings.ts';
import { parseAccessConfig } from './config.ts';

/** Throws an `Error` naming the setting to fix; passes each warning to `warn`. */
export function checkAccessAtStart(
  env: ProxyEnv,
  warn: (message: string) => void = (message) => console.warn(`Warning: ${message}`),
): void {
  try {
    for (const warning of parseAccessConfig(env).warnings) warn(warning);
  } catch (error) {
    throw new Error(
      `Yieldbook cannot start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
