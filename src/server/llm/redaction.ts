/**
 * Removing secrets from text: the key itself and pieces of it (a provider's error message
 * often quotes `sk-a...XYZ`) from everything, and for log lines also bearer tokens and the
 * credentials and query strings of URLs. The one redactor for both: log lines (cut at 4000
 * characters) and everything relayed to clients (replies and stream events, never cut).
 */

const MARK = '[redacted]';

/** Masked key shapes: word characters around a run of dots, asterisks or an ellipsis. */
const MASKED = /(?<![\w-])[\w-]*(?:\.{2,}|…|\*{2,})[\w-]*/g;

/** Runs of key-like characters, checked against each key. */
const WORDS = /[\w-]{6,}/g;

/** A URL: scheme, optional credentials, the rest up to any query or fragment. */
const URLS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*@)?([^\s?#]*)([?#]\S*)?/gi;

const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;

/** A function that redacts `secrets` (and fragments of them, and URL credentials) in text. */
export type Redactor = (text: string) => string;

/** Options of `createRedactor`. */
export interface RedactorOptions {
  /**
   * Longest text returned (once whole keys are replaced); the rest is cut. Log lines have
   * no use for more; text bound for a client (a reply, an event) must not be cut.
   * @default 4000
   */
  maxChars?: number;
  /**
   * Also mask bearer tokens and the credentials and query strings of URLs, whoever's they
   * are. Right for log lines; wrong for a model's answer, which may well show a URL with a
   * query or an `Authorization: Bearer` header as an example.
   * @default true
   */
  credentials?: boolean;
}

/**
 * Builds a redactor for `secrets` (empty ones are ignored). A fragment counts as a piece of
 * a key when it is a run of 6 or more of its characters, or a masked form whose visible
 * start is a prefix of the key or whose visible end is a suffix of it (2 characters or more).
 */
export function createRedactor(
  secrets: readonly (string | null | undefined)[],
  { maxChars = 4000, credentials = true }: RedactorOptions = {},
): Redactor {
  if (!(maxChars >= 0)) {
    throw new TypeError(
      `Expected \`maxChars\` to be a number of at least 0, got ${String(maxChars)}`,
    );
  }
  const keys = secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  const isPiece = (word: string) => keys.some((key) => key.includes(word));
  const isMasked = (match: string) => {
    const [start = '', end = ''] = match.split(/\.{2,}|…|\*{2,}/);
    return keys.some(
      (key) =>
        (start.length >= 2 && key.startsWith(start)) || (end.length >= 2 && key.endsWith(end)),
    );
  };
  return (text) => {
    let result = text;
    // Whole keys first, so the cut cannot leave the start of one behind.
    for (const key of keys) result = result.replaceAll(key, MARK);
    if (result.length > maxChars) result = `${result.slice(0, maxChars)}…`;
    if (credentials) {
      result = result.replace(BEARER, (_match, scheme: string) => `${scheme} ${MARK}`);
      result = result.replace(
        URLS,
        (_match, scheme: string, userinfo: string | undefined, rest: string, query?: string) =>
          `${scheme}${userinfo ? `${MARK}@` : ''}${rest}${query ? `${query[0]}${MARK}` : ''}`,
      );
    }
    if (keys.length === 0) return result;
    // Every relayed event comes through here: the regular expressions (and their callbacks)
    // run only once a plain scan has found something for them to replace.
    if (result.includes('..') || result.includes('…') || result.includes('**')) {
      result = result.replace(MASKED, (match) => (isMasked(match) ? MARK : match));
    }
    if (!hasRun(result, isPiece)) return result;
    return result.replace(WORDS, (word) => (isPiece(word) ? MARK : word));
  };
}

/** Whether `code` is one of `[\w-]`. */
function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 45
  );
}

/** Whether some maximal run of 6 or more `[\w-]` characters in `text` satisfies `test`. */
function hasRun(text: string, test: (run: string) => boolean): boolean {
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    if (index < text.length && isWordCode(text.charCodeAt(index))) {
      if (start < 0) start = index;
      continue;
    }
    if (start >= 0 && index - start >= 6 && test(text.slice(start, index))) return true;
    start = -1;
  }
  return false;
}

/** Most values `redactFields` walks in one call; the rest are replaced by a marker. */
const MAX_VALUES = 2000;

const TRUNCATED = '[truncated]';

/**
 * `fields` with every string in it, at any depth, passed through `redact`. An `Error`
 * becomes `{ name, message, stack? }` (its own fields are not enumerable), a `URL` its
 * redacted text; a value met again inside itself becomes `[circular]`, and past 2000
 * values a list or object ends with `[truncated]`, so no shape of input can stall a log line.
 */
export function redactFields(
  fields: Record<string, unknown>,
  redact: Redactor,
): Record<string, unknown> {
  let budget = MAX_VALUES;
  const inside = new Set<object>();
  const walk = (value: unknown): unknown => {
    if (budget-- <= 0) return TRUNCATED;
    if (typeof value === 'string') return redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof URL) return redact(value.href);
    if (inside.has(value)) return '[circular]';
    inside.add(value);
    try {
      if (value instanceof Error) {
        return {
          name: redact(value.name),
          message: redact(value.message),
          ...(value.stack === undefined ? {} : { stack: redact(value.stack) }),
          ...(value.cause === undefined ? {} : { cause: walk(value.cause) }),
        };
      }
      if (Array.isArray(value)) {
        const items: unknown[] = [];
        for (const item of value) {
          // One marker ends a list cut short, not one per item left out.
          if (budget <= 0) {
            items.push(TRUNCATED);
            break;
          }
          items.push(walk(item));
        }
        return items;
      }
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (budget <= 0) {
          copy[key] = TRUNCATED;
          break;
        }
        copy[key] = walk(item);
      }
      return copy;
    } finally {
      inside.delete(value);
    }
  };
  return walk(fields) as Record<string, unknown>;
}
