/**
 * Finds the regular expressions of TypeScript source with the TypeScript parser (regex
 * literals, and `RegExp(...)` / `new RegExp(...)` with a literal source) and checks each
 * for super-linear backtracking with recheck. `scripts/check-regex.ts` runs it over src/.
 */
import { check, type Diagnostics } from 'recheck';
import ts from 'typescript';

/** One regular expression in a source file. */
export interface RegexSite {
  file: string;
  /** 1-based line and column of the literal or the `RegExp` call. */
  line: number;
  column: number;
  /**
   * The pattern and flags, or null for a `RegExp` built from a value only known when the
   * code runs (a variable, a template with substitutions): no static check can judge it.
   */
  pattern: string | null;
  flags: string;
  /** The source text of the literal or call, as written. */
  text: string;
}

/** A site with recheck's verdict (`dynamic` for a pattern only known at run time). */
export interface CheckedSite extends RegexSite {
  status: Diagnostics['status'] | 'dynamic';
  /** recheck's complexity summary, the attack string's shape or the analysis error. */
  detail: string;
}

/** The text of a string literal or substitution-free template, or null for anything else. */
function literalText(node: ts.Expression | undefined): string | null {
  if (node === undefined) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  return null;
}

function isRegExpCall(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return (
    (ts.isIdentifier(callee) && callee.text === 'RegExp') ||
    (ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'RegExp' &&
      ts.isIdentifier(callee.expression) &&
      ['globalThis', 'window', 'self'].includes(callee.expression.text))
  );
}

/** Every regular expression in `code` (TypeScript), in source order. */
export function findRegexSites(code: string, file = 'input.ts'): RegexSite[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: RegexSite[] = [];
  const add = (node: ts.Node, pattern: string | null, flags: string) => {
    const start = node.getStart(source);
    const { line, character } = source.getLineAndCharacterOfPosition(start);
    sites.push({
      file,
      line: line + 1,
      column: character + 1,
      pattern,
      flags,
      text: node.getText(source),
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const slash = node.text.lastIndexOf('/');
      add(node, node.text.slice(1, slash), node.text.slice(slash + 1));
    } else if (isRegExpCall(node)) {
      const [first, second] = node.arguments ?? [];
      // `new RegExp(/x/, flags)` copies a literal that is reported by itself.
      if (first !== undefined && !ts.isRegularExpressionLiteral(first)) {
        const flags = second === undefined ? '' : literalText(second);
        const pattern = literalText(first);
        add(node, pattern !== null && flags !== null ? pattern : null, flags ?? '');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

/** Checks each site with recheck; identical patterns are checked once. */
export async function checkRegexSites(
  sites: readonly RegexSite[],
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<CheckedSite[]> {
  const verdicts = new Map<string, Promise<Diagnostics>>();
  const verdict = (pattern: string, flags: string) => {
    const key = `${flags}/${pattern}`;
    let found = verdicts.get(key);
    if (found === undefined) {
      found = check(pattern, flags, {
        timeout: timeoutMs,
        // The fuzzer judges by steps (its seed is fixed) and, by default, also by how long
        // a match takes: on a loaded machine a linear pattern then looks polynomial. With
        // no time limits on a match, the verdict is the same on every run and machine.
        attackTimeout: null,
        incubationTimeout: null,
        seedingTimeout: null,
      });
      verdicts.set(key, found);
    }
    return found;
  };
  const checked: CheckedSite[] = [];
  for (const site of sites) {
    if (site.pattern === null) {
      checked.push({ ...site, status: 'dynamic', detail: 'built at run time: not checked' });
      continue;
    }
    const result = await verdict(site.pattern, site.flags);
    checked.push({ ...site, status: result.status, detail: summarize(result) });
  }
  return checked;
}

function summarize(result: Diagnostics): string {
  switch (result.status) {
    case 'safe':
      return result.complexity.summary;
    case 'vulnerable':
      return `${result.complexity.summary}; attack: ${result.attack.pattern}`;
    case 'unknown':
      return 'message' in result.error
        ? `${result.error.kind}: ${result.error.message}`
        : result.error.kind;
  }
}

/** A plain-text table of the checked sites: location, pattern, status and detail. */
export function formatTable(sites: readonly CheckedSite[]): string {
  const rows = sites.map((site) => [
    `${site.file}:${site.line}`,
    site.pattern === null ? site.text : `/${site.pattern}/${site.flags}`,
    site.status,
    site.detail,
  ]);
  const header = ['where', 'pattern', 'status', 'detail'];
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => clip(row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => clip(cell).padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
