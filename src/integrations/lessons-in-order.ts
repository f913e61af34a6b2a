/**
 * The lessons in course order, read from their frontmatter when astro.config.mjs builds
 * the sidebar (content collections are not loaded yet at that point). Build time, Node only.
 */
import { globSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { contentId, contentPlace, type Edition } from '../i18n/locales.ts';
import { LESSON_FILES, type LessonPlace, orderLessons } from '../schemas/lesson-order.ts';

/** A lesson file and what the sidebar needs of it. */
export interface LessonInOrder extends LessonPlace {
  /** Its collection id, which Starlight routes to `/<id>/`, e.g. `lessons/generators`. */
  readonly id: string;
}

interface LessonFile extends LessonInOrder {
  readonly edition: Edition;
}

/**
 * Reads every lesson's frontmatter under `root` and returns the lessons of one edition
 * (English by default) sorted by `order`; throws naming the files when one has no `order`
 * or two of one edition share one (see `orderLessons`), in any edition.
 */
export function lessonsInOrder(root: URL, edition: Edition = 'root'): LessonInOrder[] {
  const rootDir = fileURLToPath(root);
  const base = join(rootDir, LESSON_FILES.base);
  const lessons = globSync(LESSON_FILES.pattern, { cwd: base })
    .sort()
    .map((path): LessonFile => {
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
      // `path` is relative to the content folder, as the collection's ids are.
      return {
        file,
        id: contentId(path, frontmatter.slug),
        order: frontmatter.order,
        edition: contentPlace(path).edition,
      };
    });
  const editions = [...new Set(lessons.map((lesson) => lesson.edition))];
  const problems: string[] = [];
  let ordered: LessonInOrder[] = [];
  for (const each of editions) {
    try {
      const sorted = orderLessons(lessons.filter((lesson) => lesson.edition === each));
      if (each === edition) ordered = sorted.map(({ file, id, order }) => ({ file, id, order }));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return ordered;
}
