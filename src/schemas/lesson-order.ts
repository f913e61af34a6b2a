/**
 * Course order: the one rule the sidebar (astro.config.mjs, through
 * src/integrations/lessons-in-order.ts) and the home page (src/pages/index.astro) both
 * follow, so that a lesson's frontmatter `order` is the only place its position is written.
 */

/**
 * Where the lessons are (`lessons/`, translations in `lessons/<locale>/`); the sidebar reads
 * these. The `docs` collection (src/content.config.ts) reads {@link CONTENT_FILES}.
 */
export const LESSON_FILES = { base: './content', pattern: 'lessons/**/*.{md,mdx}' } as const;

/** Every page of the site's content: the lessons, and pages such as the glossary (`pages/`). */
export const CONTENT_FILES = {
  base: './content',
  pattern: '{lessons,pages}/**/*.{md,mdx}',
} as const;

/** A lesson as far as its place in the course goes. */
export interface LessonPlace {
  /** The lesson's file, as shown in errors, e.g. `content/lessons/generators.mdx`. */
  readonly file: string;
  /** Its frontmatter `order`, not yet checked. */
  readonly order: unknown;
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * Returns the lessons sorted by their frontmatter `order` (a whole number from 1; gaps are
 * allowed, so a lesson can go between two others). Throws one error naming every file whose
 * `order` is missing or not a whole number from 1, and every set of files sharing an `order`.
 *
 * @example
 * orderLessons([
 *   { file: 'content/lessons/b.mdx', order: 2 },
 *   { file: 'content/lessons/a.mdx', order: 1 },
 * ]); // a.mdx, then b.mdx
 */
export function orderLessons<T extends LessonPlace>(lessons: readonly T[]): T[] {
  const problems: string[] = [];
  const byOrder = new Map<number, T[]>();
  for (const lesson of lessons) {
    const { order } = lesson;
    if (typeof order !== 'number' || !Number.isInteger(order) || order < 1) {
      problems.push(
        `Expected \`order\` in ${lesson.file} to be a whole number from 1 (its place in the course), got ${shown(order)}`,
      );
      continue;
    }
    byOrder.set(order, [...(byOrder.get(order) ?? []), lesson]);
  }
  for (const [order, shared] of byOrder) {
    if (shared.length < 2) continue;
    problems.push(
      `Expected each lesson to have an \`order\` of its own, got ${order} in ${shared.map((lesson) => lesson.file).join(', ')}`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return [...lessons].sort((a, b) => (a.order as number) - (b.order as number));
}
