/**
 * Removing secrets from text bound for a log: the key itself, pieces of it (a provider's
 * error message often quotes `sk-a...XYZ`), bearer tokens, and the credentials and query
 * strings of URLs. Clients never get such text at all; logs get it through this.
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

/** Longest text redacted; the rest is cut (log lines have no use for more). */
const MAX_CHARS = 4000;

/**
 * Builds a redactor for `secrets` (empty ones are ignored). A fragment counts as a piece of
 * a key when it is a run of 6 or more of its characters, or a masked form whose visible
 * start is a prefix of the key or whose visible end is a suffix of it (2 characters or more).
 * Text longer than 4000 characters (once whole keys are replaced) is cut.
 */
export function createRedactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const keys = secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  return (text) => {
    let result = text;
    // Whole keys first, so the cut cannot leave the start of one behind.
    for (const key of keys) result = result.replaceAll(key, MARK);
    if (result.length > MAX_CHARS) result = `${result.slice(0, MAX_CHARS)}…`;
    result = result.replace(BEARER, (_match, scheme: string) => `${scheme} ${MARK}`);
    result = result.replace(
      URLS,
      (_match, scheme: string, credentials: string | undefined, rest: string, query?: string) =>
        `${scheme}${credentials ? `${MARK}@` : ''}${rest}${query ? `${query[0]}${MARK}` : ''}`,
    );
    if (keys.length === 0) return result;
    result = result.replace(MASKED, (match) => {
      const [start = '', end = ''] = match.split(/\.{2,}|…|\*{2,}/);
      const looksLikeKey = keys.some(
        (key) =>
          (start.length >= 2 && key.startsWith(start)) || (end.length >= 2 && key.endsWith(end)),
      );
      return looksLikeKey ? MARK : match;
    });
    return result.replace(WORDS, (word) => (keys.some((key) => key.includes(word)) ? MARK : word));
  };
}

/** `fields` with every string in it (at any depth) passed through `redact`. */
export function redactFields(
  fields: Record<string, unknown>,
  redact: Redactor,
): Record<string, unknown> {
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redact(value);
    if (depth > 4 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, walk(item, depth + 1)]),
    );
  };
  return walk(fields, 0) as Record<string, unknown>;
}
