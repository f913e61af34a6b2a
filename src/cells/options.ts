import type { CellKind, CellSpec, OutputCheck } from './types.ts';

/** Where a fence sits in a lesson, for error messages. */
export interface CellLocation {
  file: string;
  /** 1-based line of the fence. */
  line: number;
}

/** The options of one cell fence, validated; `id` is null when the author gave none. */
export type CellOptions = Pick<
  CellSpec,
  'kind' | 'solutionFor' | 'expectsError' | 'typeErrors' | 'check' | 'predict' | 'timeoutMs'
> & { id: string | null };

/**
 * A lesson that breaks the cell contract (docs/cells.md). The message starts with
 * `file:line:` so editors and terminals link straight to the fence.
 */
export class CellMarkupError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(location: CellLocation, message: string) {
    super(`${location.file}:${location.line}: ${message}`);
    this.name = 'CellMarkupError';
    this.file = location.file;
    this.line = location.line;
  }
}

/** The flag that turns a ```` ```ts ```` fence into a cell. */
const CELL_FLAG = 'cell';

const OPTION_NAMES = [
  'id',
  'kind',
  'for',
  'expect',
  'typeerror',
  'check',
  'predict',
  'timeout',
] as const;
type OptionName = (typeof OPTION_NAMES)[number];

/** Options written alone, without `=value`. */
const FLAG_NAMES: readonly OptionName[] = ['predict'];

const KINDS: readonly CellKind[] = ['code', 'exercise', 'solution', 'check'];
const CHECKS: readonly OutputCheck[] = ['exact', 'shape'];
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const POSITIVE_INTEGER = /^[1-9][0-9]*$/;
const TS_CODE = /^TS[1-9][0-9]{0,4}$/;

/**
 * Splits a fence's meta string into tokens; a value may be double-quoted to hold spaces
 * (`id="a b"` is then refused by the id rule with a clear message rather than split).
 */
export function tokenizeMeta(meta: string): string[] {
  return meta.match(/[^\s"=]+="[^"]*"|[^\s"=]+=[^\s]*|"[^"]*"|[^\s]+/g) ?? [];
}

/** Whether a fence (language + meta) is a notebook cell. */
export function isCellFence(
  lang: string | null | undefined,
  meta: string | null | undefined,
): boolean {
  return lang === 'ts' && tokenizeMeta(meta ?? '').includes(CELL_FLAG);
}

function isOptionName(name: string): name is OptionName {
  return (OPTION_NAMES as readonly string[]).includes(name);
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

function oneOf<T extends string>(
  location: CellLocation,
  name: OptionName,
  allowed: readonly T[],
  value: string,
): T {
  const found = allowed.find((item) => item === value);
  if (found === undefined) {
    throw new CellMarkupError(
      location,
      `cell option \`${name}\` expects one of ${allowed.map((item) => `\`${item}\``).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return found;
}

function kebabId(location: CellLocation, name: OptionName, value: string): string {
  if (!KEBAB_CASE.test(value)) {
    throw new CellMarkupError(
      location,
      `cell option \`${name}\` expects a kebab-case id such as \`first-next\`, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** `TS2322` or `TS2322,TS2345`: the codes, without repeats. */
function typeErrorCodes(location: CellLocation, value: string): number[] {
  const codes = value.split(',');
  if (!codes.every((code) => TS_CODE.test(code))) {
    throw new CellMarkupError(
      location,
      `cell option \`typeerror\` expects TypeScript error codes such as \`TS2322\` (several separated by commas, no spaces), got ${JSON.stringify(value)}`,
    );
  }
  return [...new Set(codes.map((code) => Number(code.slice(2))))];
}

/**
 * Parses and validates the meta string of a ```` ```ts cell ```` fence (everything after
 * the language), per docs/cells.md.
 *
 * @throws {CellMarkupError} for an unknown, repeated, valueless or malformed option, a
 * flag given a value (`predict=x`), or a `for=` that does not pair with `kind=solution`.
 * @example
 * parseCellOptions('cell id=zip kind=exercise', { file: 'content/lessons/generators.mdx', line: 42 });
 * // → { id: 'zip', kind: 'exercise', solutionFor: null, expectsError: false, typeErrors: [], check: 'exact', predict: false, timeoutMs: null }
 */
export function parseCellOptions(meta: string, location: CellLocation): CellOptions {
  const options: CellOptions = {
    id: null,
    kind: 'code',
    solutionFor: null,
    expectsError: false,
    typeErrors: [],
    check: 'exact',
    predict: false,
    timeoutMs: null,
  };
  const seen = new Set<OptionName>();
  let flagged = false;

  for (const token of tokenizeMeta(meta)) {
    if (token === CELL_FLAG && !flagged) {
      flagged = true;
      continue;
    }
    const equals = token.indexOf('=');
    const name = equals === -1 ? token : token.slice(0, equals);
    if (!isOptionName(name)) {
      throw new CellMarkupError(
        location,
        `unknown cell option ${JSON.stringify(name)}; expected one of ${OPTION_NAMES.map((item) => `\`${item}\``).join(', ')}`,
      );
    }
    if (FLAG_NAMES.includes(name)) {
      if (equals !== -1) {
        throw new CellMarkupError(
          location,
          `Expected cell option \`${name}\` to be a flag without a value (write \`${name}\`), got ${JSON.stringify(token)}`,
        );
      }
      if (seen.has(name)) {
        throw new CellMarkupError(location, `cell option \`${name}\` is given twice`);
      }
      seen.add(name);
      options.predict = true;
      continue;
    }
    const value = equals === -1 ? '' : unquote(token.slice(equals + 1));
    if (value === '') {
      throw new CellMarkupError(
        location,
        `cell option \`${name}\` needs a value, as in \`${name}=…\``,
      );
    }
    if (seen.has(name)) {
      throw new CellMarkupError(location, `cell option \`${name}\` is given twice`);
    }
    seen.add(name);

    switch (name) {
      case 'id':
        options.id = kebabId(location, name, value);
        break;
      case 'kind':
        options.kind = oneOf(location, name, KINDS, value);
        break;
      case 'for':
        options.solutionFor = kebabId(location, name, value);
        break;
      case 'expect':
        oneOf(location, name, ['error'], value);
        options.expectsError = true;
        break;
      case 'typeerror':
        options.typeErrors = typeErrorCodes(location, value);
        break;
      case 'check':
        options.check = oneOf(location, name, CHECKS, value);
        break;
      case 'predict':
        // A flag: handled before values are read.
        break;
      case 'timeout': {
        const ms = Number(value);
        if (!POSITIVE_INTEGER.test(value) || !Number.isSafeInteger(ms)) {
          throw new CellMarkupError(
            location,
            `cell option \`timeout\` expects a positive integer of milliseconds, got ${JSON.stringify(value)}`,
          );
        }
        options.timeoutMs = ms;
        break;
      }
    }
  }

  if (!flagged) {
    throw new CellMarkupError(
      location,
      `a cell fence needs the \`${CELL_FLAG}\` flag after \`ts\``,
    );
  }
  if (options.kind === 'solution' && options.solutionFor === null) {
    throw new CellMarkupError(
      location,
      'cell option `for` is required with `kind=solution`: name the exercise it solves, as in `for=zip`',
    );
  }
  if (options.kind !== 'solution' && options.solutionFor !== null) {
    throw new CellMarkupError(
      location,
      `cell option \`for\` is only allowed with \`kind=solution\`, got \`kind=${options.kind}\``,
    );
  }
  return options;
}
