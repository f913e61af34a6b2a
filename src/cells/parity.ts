/**
 * Edition parity: a translated lesson (`content/lessons/ja/x.mdx`) must hold the same cells as
 * its English lesson (`content/lessons/x.mdx`), with the same ids in the same order, the same
 * fence options, and the same code but for what a reader reads: the text of string literals,
 * of template literals and of comments. Every English lesson must have its translation and
 * every translation its English lesson. So the two editions cannot drift apart: a cell added,
 * dropped, moved or changed in one edition only fails `npm run lessons:check`, the unit tests
 * and the build (src/integrations/edition-parity.ts). docs/i18n.md describes the rule.
 */
import ts from 'typescript';
import { collectLessonCells } from './extract.ts';
import type { CellSpec } from './types.ts';

/** A lesson file's text and the path shown in messages. */
export interface LessonSource {
  /** Shown in messages, e.g. `content/lessons/ja/generators.mdx`. */
  readonly file: string;
  readonly source: string;
}

/** A piece of code as parity compares it: its kind, and its text unless a reader reads it. */
interface CodeToken {
  readonly text: string;
  /** 1-based line in the cell. */
  readonly line: number;
}

/** Token kinds whose text is prose for the reader: translated freely. */
const TRANSLATABLE = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.JsxText,
]);

/**
 * The tokens of a cell's code, comments left out and the text of string and template
 * literals replaced by their kind, so that two cells compare equal when only those differ.
 */
export function codeTokens(code: string): CodeToken[] {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const tokens: CodeToken[] = [];
  const visit = (node: ts.Node): void => {
    // Doc comments are comments too, though the parser hangs them on the declaration.
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) {
      return;
    }
    const children = node.getChildren(file);
    if (children.length === 0) {
      // The end of the file and empty lists (no parameters, an empty body) hold no code.
      if (node.kind === ts.SyntaxKind.EndOfFileToken || node.getWidth(file) === 0) return;
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      const text = TRANSLATABLE.has(node.kind)
        ? `<${ts.SyntaxKind[node.kind]}>`
        : node.getText(file);
      tokens.push({ text, line });
      return;
    }
    for (const child of children) visit(child);
  };
  visit(file);
  return tokens;
}

/** The fence options of a cell, as one comparable line (everything but id, code and output). */
function fenceOf(spec: CellSpec): string {
  const parts = [
    `kind=${spec.kind}`,
    spec.solutionFor === null ? '' : `for=${spec.solutionFor}`,
    spec.expectsError ? 'error' : '',
    spec.typeErrors.length === 0 ? '' : `typeerror=${spec.typeErrors.join(',')}`,
    `check=${spec.check}`,
    spec.predict ? 'predict' : '',
    spec.timeoutMs === null ? '' : `timeout=${spec.timeoutMs}`,
    spec.expected === null ? 'no output block' : 'an output block',
  ];
  return parts.filter((part) => part !== '').join(' ');
}

function idList(cells: readonly CellSpec[]): string {
  return cells.map((cell) => cell.id).join(', ');
}

/** How the code of two cells differs beyond translatable text, or null when it does not. */
function codeDifference(english: CellSpec, translation: CellSpec): string | null {
  const a = codeTokens(english.source);
  const b = codeTokens(translation.source);
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a[index];
    const right = b[index];
    if (left?.text === right?.text) continue;
    const where = (token: CodeToken | undefined, spec: CellSpec) =>
      token === undefined
        ? 'the end of the cell'
        : `\`${token.text}\` (${spec.file}:${spec.line + token.line})`;
    return `Expected the code of cell \`${english.id}\` to match the English cell but for strings and comments, got ${where(right, translation)} where the English has ${where(left, english)}`;
  }
  return null;
}

/**
 * What keeps a translated lesson from matching its English lesson, one message per problem;
 * empty when they match. Cell markup errors of either file are reported as they are thrown.
 *
 * @example
 * editionProblems(
 *   { file: 'content/lessons/x.mdx', source: english },
 *   { file: 'content/lessons/ja/x.mdx', source: japanese },
 * ); // [] when the cells match
 */
export function editionProblems(english: LessonSource, translation: LessonSource): string[] {
  const a = collectLessonCells(english.source, english.file).map(({ spec }) => spec);
  const b = collectLessonCells(translation.source, translation.file).map(({ spec }) => spec);
  const ids = (cells: readonly CellSpec[]) => new Set(cells.map((cell) => cell.id));
  const inA = ids(a);
  const inB = ids(b);
  const problems: string[] = [];
  for (const cell of a) {
    if (!inB.has(cell.id)) {
      problems.push(
        `${translation.file}: Expected cell \`${cell.id}\` (${cell.file}:${cell.line}), got no cell with that id`,
      );
    }
  }
  for (const cell of b) {
    if (!inA.has(cell.id)) {
      problems.push(
        `${translation.file}:${cell.line}: Expected no cell \`${cell.id}\`, which ${english.file} lacks; add it to both editions or to neither`,
      );
    }
  }
  if (problems.length > 0) return problems;
  if (idList(a) !== idList(b)) {
    return [
      `${translation.file}: Expected the cells in the English order (${idList(a)}), got ${idList(b)}`,
    ];
  }
  for (const [index, left] of a.entries()) {
    const right = b[index];
    if (right === undefined) continue;
    if (fenceOf(left) !== fenceOf(right)) {
      problems.push(
        `${right.file}:${right.line}: Expected cell \`${left.id}\` to have the English fence (${fenceOf(left)}), got ${fenceOf(right)}`,
      );
    }
    const code = codeDifference(left, right);
    if (code !== null) problems.push(`${right.file}:${right.line}: ${code}`);
  }
  return problems;
}

/** The frontmatter keys both editions of a lesson must agree on. */
export const SHARED_FRONTMATTER = ['order', 'status'] as const;

/** A lesson's place and readiness, as both editions must state them. */
export type SharedFrontmatter = Partial<Record<(typeof SHARED_FRONTMATTER)[number], unknown>>;

/** What differs in the shared frontmatter of two editions of a lesson, one message per key. */
export function frontmatterProblems(
  english: { file: string; data: SharedFrontmatter },
  translation: { file: string; data: SharedFrontmatter },
): string[] {
  return SHARED_FRONTMATTER.filter(
    (key) => JSON.stringify(english.data[key]) !== JSON.stringify(translation.data[key]),
  ).map(
    (key) =>
      `${translation.file}: Expected \`${key}: ${JSON.stringify(english.data[key])}\` as in ${english.file}, got ${JSON.stringify(translation.data[key] ?? null)}`,
  );
}
