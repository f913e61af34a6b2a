/**
 * Every `LLM_*` setting of the proxy, one row each: name, default, bounds, doc. The
 * configuration parser (config.ts), Astro's env schema (astro.config.mjs) and the route
 * (src/pages/api/llm/v1/[...path].ts) all read this table, so adding a setting is one row.
 *
 * Numeric rows with a `limit` land in `ProxyConfig.limits` under that key; the access rows
 * (`LLM_ACCESS*`, budgets, `REDIS_URL`) are read by src/server/access/config.ts. This module
 * imports nothing: astro.config.mjs loads it.
 */

/** A setting's raw value: a string from the environment, or a number from `astro:env`. */
type RawSetting = string | number | undefined;

/** A setting's name: the proxy's own, plus `REDIS_URL` (shared with whatever else uses that Redis). */
type SettingNameText = `LLM_${string}` | 'REDIS_URL';

interface TextRow {
  readonly name: SettingNameText;
  readonly kind: 'text';
  readonly doc: string;
}

interface NumberRow {
  readonly name: SettingNameText;
  readonly kind: 'integer' | 'number';
  readonly default: number;
  /** Smallest value accepted (inclusive). */
  readonly min: number;
  /** The key of `ProxyConfig.limits` it fills, if it is a limit. */
  readonly limit?: string;
  readonly doc: string;
}

/** One row of the table. */
type SettingRow = TextRow | NumberRow;

/** The table. Defaults are also written in README.md and docs/proxy.md. */
export const LLM_SETTINGS = [
  {
    name: 'LLM_BASE_URL',
    kind: 'text',
    doc: 'Upstream OpenAI-compatible base URL; unset: the offline model',
  },
  { name: 'LLM_API_KEY', kind: 'text', doc: 'Key sent upstream as `Authorization: Bearer …`' },
  { name: 'LLM_MODELS', kind: 'text', doc: 'Comma-separated allowlist of upstream model ids' },
  { name: 'LLM_DEFAULT_MODEL', kind: 'text', doc: 'Model listed first; default: first listed' },
  {
    name: 'LLM_MAX_BODY_BYTES',
    kind: 'integer',
    default: 1_048_576,
    min: 1,
    limit: 'maxBodyBytes',
    doc: 'Largest request body accepted, in bytes (413 above)',
  },
  {
    name: 'LLM_BODY_TIMEOUT_MS',
    kind: 'integer',
    default: 10_000,
    min: 1,
    limit: 'bodyTimeoutMs',
    doc: 'Time a request body may take to arrive, in milliseconds (408 above)',
  },
  {
    name: 'LLM_MAX_TOKENS',
    kind: 'integer',
    default: 4096,
    min: 1,
    limit: 'maxTokens',
    doc: 'Completion token limit always forwarded; larger asks are clamped to it',
  },
  {
    name: 'LLM_MAX_CONCURRENT',
    kind: 'integer',
    default: 64,
    min: 1,
    limit: 'maxConcurrent',
    doc: 'Requests one client may have in flight at once (429 above)',
  },
  {
    name: 'LLM_RATE_PER_SECOND',
    kind: 'number',
    default: 200,
    min: 0.001,
    limit: 'ratePerSecond',
    doc: 'Sustained requests per second per client (token bucket refill)',
  },
  {
    name: 'LLM_RATE_BURST',
    kind: 'integer',
    default: 400,
    min: 1,
    limit: 'rateBurst',
    doc: 'Requests a client may make in a burst (token bucket size)',
  },
  {
    name: 'LLM_TIMEOUT_MS',
    kind: 'integer',
    default: 60_000,
    min: 1,
    limit: 'upstreamTimeoutMs',
    doc: 'Upstream time to answer, and between stream chunks (504 above)',
  },
  {
    name: 'LLM_MAX_RESPONSE_BYTES',
    kind: 'integer',
    default: 8_388_608,
    min: 1,
    limit: 'maxResponseBytes',
    doc: 'Largest non-streamed upstream body read, in bytes (502 above; reading stops there)',
  },
  {
    name: 'LLM_MAX_EVENT_BYTES',
    kind: 'integer',
    default: 1_048_576,
    min: 1,
    limit: 'maxEventBytes',
    doc: 'Largest single event of an upstream stream, in bytes (the stream ends with an error event)',
  },
  {
    name: 'LLM_STREAM_MAX_MS',
    kind: 'integer',
    default: 600_000,
    min: 1,
    limit: 'streamMaxMs',
    doc: 'Longest a relayed stream may last, in ms from the upstream headers (then an error event)',
  },
  {
    name: 'LLM_ACCESS',
    kind: 'text',
    doc: 'Who may use paid models: `open` (anyone) or `students` (a signed access token); default `students` with LLM_BASE_URL',
  },
  {
    name: 'LLM_ACCESS_SECRET',
    kind: 'text',
    doc: 'Signs and checks student access tokens (HMAC-SHA256); required with `students`, 32 characters or more',
  },
  {
    name: 'LLM_ACCESS_STATE_DIR',
    kind: 'text',
    doc: 'Without REDIS_URL: where revocations and usage figures are shared between the servers and `npm run class`',
  },
  {
    name: 'LLM_STUDENT_RPM',
    kind: 'integer',
    default: 1000,
    min: 0,
    doc: 'Requests per student per minute on paid models (0: no limit)',
  },
  {
    name: 'LLM_STUDENT_TOKENS_PER_DAY',
    kind: 'integer',
    default: 500_000,
    min: 0,
    doc: "Tokens per student per UTC day on paid models, from the upstream's `usage` (0: no limit)",
  },
  {
    name: 'LLM_STUDENT_CONCURRENT',
    kind: 'integer',
    default: 50,
    min: 0,
    doc: 'Paid requests one student may have in flight (0: no limit)',
  },
  {
    name: 'LLM_CLASS_TOKENS_PER_DAY',
    kind: 'integer',
    default: 0,
    min: 0,
    doc: 'Tokens per UTC day for the whole class on paid models (0: no limit)',
  },
  {
    name: 'LLM_CLASS_CONCURRENT',
    kind: 'integer',
    default: 512,
    min: 0,
    doc: 'Upstream requests in flight for the whole class (0: no limit)',
  },
  {
    name: 'REDIS_URL',
    kind: 'text',
    doc: 'Redis holding every budget counter, revocation and usage figure, shared by all servers; unset: in process',
  },
  {
    name: 'LLM_OFFLINE_DELAY_SCALE',
    kind: 'number',
    default: 1,
    min: 0,
    doc: "Multiplies the offline model's delays (0: answer at once)",
  },
] as const satisfies readonly SettingRow[];

type Row = (typeof LLM_SETTINGS)[number];

/** The name of every setting. */
export type SettingName = Row['name'];

/** The environment the proxy reads: every setting, as a string or a number, or absent. */
export type ProxyEnv = { [Name in SettingName]?: RawSetting };

/** The parsed value of each setting: numbers for numeric rows, trimmed text or null for text rows. */
export type SettingValues = {
  [R in Row as R['name']]: R extends { kind: 'text' } ? string | null : number;
};

/** The limits: one number per row with a `limit` key. */
export type LimitValues = {
  [R in Extract<Row, { limit: string }> as R['limit']]: number;
};

/** Whether `value` holds something (an empty or blank string counts as unset). */
function present(value: RawSetting): value is string | number {
  return value !== undefined && String(value).trim() !== '';
}

function parseNumber(row: NumberRow, value: RawSetting): number {
  if (!present(value)) return row.default;
  const parsed = Number(value);
  const integer = row.kind === 'integer';
  if (!Number.isFinite(parsed) || parsed < row.min || (integer && !Number.isInteger(parsed))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new TypeError(
      `Expected ${row.name} to be ${kind} of at least ${row.min}, got ${String(value)}`,
    );
  }
  return parsed;
}

/** Parses every row from `env`; throws a `TypeError` naming the first bad setting. */
export function readSettings(env: ProxyEnv): SettingValues {
  const values: Record<string, string | number | null> = {};
  for (const row of LLM_SETTINGS as readonly SettingRow[]) {
    const raw = env[row.name as SettingName];
    values[row.name] =
      row.kind === 'text' ? (present(raw) ? String(raw).trim() : null) : parseNumber(row, raw);
  }
  return values as SettingValues;
}

/** The limits among `values`, keyed as `ProxyConfig.limits`. */
export function limitsOf(values: SettingValues): LimitValues {
  const limits: Record<string, number> = {};
  for (const row of LLM_SETTINGS as readonly SettingRow[]) {
    if (row.kind !== 'text' && row.limit !== undefined) {
      limits[row.limit] = values[row.name as SettingName] as number;
    }
  }
  return limits as LimitValues;
}

/** The default of every limit. */
export const DEFAULT_LIMITS: Readonly<LimitValues> = limitsOf(readSettings({}));
