import { createProcessor } from '@mdx-js/mdx';
import type { Code, Parent, Root, RootContent } from 'mdast';
import { CellMarkupError, isCellFence, parseCellOptions } from './options.ts';
import type { CellSpec } from './types.ts';

/** The language of the block that holds a cell's expected output. */
const OUTPUT_LANG = 'output';

/** A cell found in a Markdown tree, with the nodes it came from (the build replaces them). */
export interface CollectedCell {
  spec: CellSpec;
  /** The ```` ```ts cell ```` fence. */
  node: Code;
  /** The ```` ```output ```` fence right after it, if any. */
  outputNode: Code | null;
  /** The node that holds both fences. */
  parent: Parent;
}

function lineOf(node: Code): number {
  return node.position?.start.line ?? 0;
}

function* codeBlocks(parent: Parent): Generator<{ node: Code; parent: Parent; index: number }> {
  for (const [index, child] of parent.children.entries()) {
    if (child.type === 'code') {
      yield { node: child, parent, index };
    } else if ('children' in child) {
      yield* codeBlocks(child);
    }
  }
}

function nextSibling(parent: Parent, index: number): RootContent | undefined {
  return parent.children[index + 1];
}

/**
 * Finds and validates every cell of a lesson's Markdown tree, in page order. This is
 * the one place the cell contract is read: the build plugin and the headless checker
 * both call it, so they never disagree.
 *
 * @param tree mdast of the lesson, parsed with positions (MDX or Markdown).
 * @param file path shown in errors, e.g. `content/lessons/generators.mdx`.
 * @throws {CellMarkupError} for bad options, duplicate ids, a stray `output` block,
 * `check=shape` or `predict` without an output block, or a solution whose exercise is missing.
 */
export function collectCells(tree: Root, file: string): CollectedCell[] {
  const cells: CollectedCell[] = [];
  const claimedOutputs = new Set<Code>();

  for (const { node, parent, index } of codeBlocks(tree)) {
    const location = { file, line: lineOf(node) };
    if (node.lang === OUTPUT_LANG) {
      if (!claimedOutputs.has(node)) {
        throw new CellMarkupError(
          location,
          '```output block must come directly after a ```ts cell``` fence; move it under its cell or remove it',
        );
      }
      continue;
    }
    if (!isCellFence(node.lang, node.meta)) continue;

    const options = parseCellOptions(node.meta ?? '', location);
    const next = nextSibling(parent, index);
    const outputNode = next?.type === 'code' && next.lang === OUTPUT_LANG ? next : null;
    if (outputNode !== null) claimedOutputs.add(outputNode);
    if (options.check === 'shape' && outputNode === null) {
      throw new CellMarkupError(
        location,
        '`check=shape` needs an ```output block right after the cell to hold the expected shape',
      );
    }
    if (options.predict && outputNode === null) {
      throw new CellMarkupError(
        location,
        '`predict` needs an ```output block right after the cell: it is the output the reader predicts',
      );
    }
    const position = cells.length + 1;
    cells.push({
      spec: {
        id: options.id ?? `cell-${position}`,
        index: position,
        kind: options.kind,
        solutionFor: options.solutionFor,
        expectsError: options.expectsError,
        typeErrors: options.typeErrors,
        check: options.check,
        predict: options.predict,
        timeoutMs: options.timeoutMs,
        source: node.value,
        expected: outputNode === null ? null : outputNode.value,
        file,
        line: location.line,
      },
      node,
      outputNode,
      parent,
    });
  }

  const firstLineById = new Map<string, number>();
  for (const { spec } of cells) {
    const earlier = firstLineById.get(spec.id);
    if (earlier !== undefined) {
      throw new CellMarkupError(
        spec,
        `duplicate cell id \`${spec.id}\` (first used on line ${earlier}); give each cell its own \`id=\``,
      );
    }
    firstLineById.set(spec.id, spec.line);
  }
  const exercises = new Set(
    cells.filter(({ spec }) => spec.kind === 'exercise').map(({ spec }) => spec.id),
  );
  for (const { spec } of cells) {
    if (spec.solutionFor !== null && !exercises.has(spec.solutionFor)) {
      throw new CellMarkupError(
        spec,
        `cell option \`for\` names \`${spec.solutionFor}\`, but no \`kind=exercise\` cell on this page has that id`,
      );
    }
  }
  return cells;
}

/** Frontmatter as Astro finds it (YAML `---` or TOML `+++`). */
const FRONTMATTER = /(?:^\uFEFF?|^\s*\n)(---|\+\+\+)([\s\S]*?\n)\1/;

/**
 * Replaces the frontmatter with spaces, as `@astrojs/mdx` does before compiling, so
 * positions in the tree are positions in the file.
 */
function blankFrontmatter(source: string): string {
  const match = FRONTMATTER.exec(source);
  if (match === null) return source;
  const [block] = match;
  const start = match.index + block.length - block.trimStart().length;
  const body = source.slice(start, match.index + block.length);
  return source.slice(0, start) + body.replace(/[^\r\n]/g, ' ') + source.slice(start + body.length);
}

/**
 * Reads the cells of a lesson the way the build does: frontmatter blanked (lines keep
 * their numbers), then parsed by the MDX compiler's own remark stack.
 *
 * @param source the lesson file's text.
 * @param file path shown in errors and kept in each `CellSpec`.
 * @throws {CellMarkupError} see {@link collectCells}; MDX syntax errors are rethrown as is.
 * @example
 * extractCells(await readFile(path, 'utf8'), 'content/lessons/generators.mdx');
 */
export function extractCells(source: string, file: string): CellSpec[] {
  return collectLessonCells(source, file).map(({ spec }) => spec);
}

/**
 * {@link extractCells} with the Markdown nodes each cell came from, for checks that need
 * their positions (the line-length check of `npm run lessons:check`).
 *
 * @throws {CellMarkupError} see {@link collectCells}; MDX syntax errors are rethrown as is.
 */
export function collectLessonCells(source: string, file: string): CollectedCell[] {
  return collectCells(parseLesson(source, file), file);
}

/**
 * A lesson file's Markdown tree as the build reads it: frontmatter blanked (lines keep
 * their numbers), then parsed by the MDX compiler's own remark stack. Parse once and pass
 * the tree on when several checks read the same lesson.
 */
export function parseLesson(source: string, file: string): Root {
  const processor = createProcessor({ format: file.endsWith('.md') ? 'md' : 'mdx' });
  return processor.parse({ value: blankFrontmatter(source), path: file });
}

/** The text of a lesson's frontmatter (between its fences), or null when it has none. */
export function frontmatterText(source: string): string | null {
  return FRONTMATTER.exec(source)?.[2] ?? null;
}
