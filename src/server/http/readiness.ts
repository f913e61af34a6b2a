/**
 * Readiness checks for `GET /api/health`. A part of the server that needs something outside
 * the process (the Redis store, say) registers a check; the health route runs them all.
 *
 * The registry lives on `globalThis`: `server.mjs` and the built Astro routes are separate
 * module graphs, and a check registered by a route must reach the health answer of server.mjs.
 */

/** Answers whether the part is ready: true, or false or a throw (its message is reported). */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/** One check's outcome. */
export interface CheckResult {
  readonly ok: boolean;
  /** Why not, when not. */
  readonly error?: string;
}

const REGISTRY = Symbol.for('yieldbook.readiness');

function registry(): Map<string, ReadinessCheck> {
  const holder = globalThis as { [REGISTRY]?: Map<string, ReadinessCheck> };
  holder[REGISTRY] ??= new Map<string, ReadinessCheck>();
  return holder[REGISTRY];
}

/**
 * Registers `check` under `name` (one per name: a second registration replaces the first).
 * Returns a function that removes it.
 * @example registerReadiness('redis', async () => (await redis.ping()) === 'PONG');
 */
export function registerReadiness(name: string, check: ReadinessCheck): () => void {
  if (name.trim() === '') {
    throw new TypeError(`Expected \`name\` to be a non-empty string, got ${JSON.stringify(name)}`);
  }
  const checks = registry();
  checks.set(name, check);
  return () => {
    if (checks.get(name) === check) checks.delete(name);
  };
}

async function outcome(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const answer = (async (): Promise<CheckResult> => {
    try {
      return (await check()) ? { ok: true } : { ok: false, error: 'not ready' };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every registered check at once, each given at most `timeoutMs`.
 * @default timeoutMs 2000
 */
export async function runReadinessChecks(timeoutMs = 2000): Promise<Record<string, CheckResult>> {
  const entries = [...registry()];
  const results = await Promise.all(entries.map(([, check]) => outcome(check, timeoutMs)));
  return Object.fromEntries(entries.map(([name], index) => [name, results[index] as CheckResult]));
}
