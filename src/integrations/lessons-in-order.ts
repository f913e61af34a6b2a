/**
 * The lessons in course order, read from their frontmatter when astro.config.mjs builds
 * the sidebar (content collections are not loaded yet at that point). Build time, Node only.
 */
import { globSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { LESSON_FILES, type LessonPlace, orderLessons } from '../schemas/lesson-order.ts';

/** A lesson file and what the sidebar needs of it. */
export interface LessonInOrder extends LessonPlace {
  /** Its collection id, which Starlight routes to `/<id>/`, e.g. `lessons/generators`. */
  readonly id: string;
}

/**
 * The collection id the glob loader gives a file: the frontmatter `slug` if set, else the
 * path under the base without its extension or a trailing `/index`. A file name that is not
 * already a slug gets another id from Astro, and Starlight then fails the build naming it.
 */
function entryId(path: string, frontmatter: Record<string, unknown>): string {
  if (typeof frontmatter.slug === 'string' && frontmatter.slug !== '') return frontmatter.slug;
  return path
    .replace(/\.[^./]+$/u, '')
    .split('\\')
    .join('/')
    .replace(/\/index$/u, '');
}

/**
 * Reads every lesson's frontmatter under `root` and returns the lessons sorted by `order`;
 * throws naming the files when one has no `order` or two share one (see `orderLessons`).
 */
export function lessonsInOrder(root: URL): LessonInOrder[] {
  const rootDir = fileURLToPath(root);
  const base = join(rootDir, LESSON_FILES.base);
  const lessons = globSync(LESSON_FILES.pattern, { cwd: base })
    .sort()
    .map((path) => {
      const file = relative(rootDir, join(base, path)).split('\\').join('/');
      let frontmatter: Record<string, unknown>;
      try {
        frontmatter = parseFrontmatter(readFileSync(join(base, path), 'utf8')).frontmatter;
      } catch (error) {
        throw new Error(
          `Expected the frontmatter of ${file} to be valid YAML, got ${String(error)}`,
          { cause: error },
        );
      }
      return { file, id: entryId(path, frontmatter), order: frontmatter.order };
    });
  return orderLessons(lessons);
}
