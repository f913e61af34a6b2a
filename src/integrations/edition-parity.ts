/**
 * The parity of the site's editions over the whole `content/lessons/` folder, and the Astro
 * integration that fails `astro build` when they have drifted apart (src/cells/parity.ts gives
 * the rule for one lesson). Build time and `npm run lessons:check`, Node only.
 */
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import type { AstroIntegration } from 'astro';
import { editionProblems, frontmatterProblems, type SharedFrontmatter } from '../cells/parity.ts';
import { contentPlace, TRANSLATIONS } from '../i18n/locales.ts';

interface LessonFile {
  /** Shown in messages: `content/lessons/ja/x.mdx`. */
  readonly file: string;
  readonly source: string;
}

function read(rootDir: string, path: string): LessonFile {
  const file = `content/${path}`;
  return { file, source: readFileSync(join(rootDir, file), 'utf8') };
}

function frontmatterOf(lesson: LessonFile): SharedFrontmatter {
  try {
    return parseFrontmatter(lesson.source).frontmatter;
  } catch {
    // A broken frontmatter is the content collection's error to report, with its position.
    return {};
  }
}

/**
 * Every way the translations under `root` (a project root) differ from the English lessons:
 * a lesson with no translation, a translation with no English lesson, and for each pair its
 * cells (ids, order, fences, code) and its `order` and `status`. Empty when the editions match.
 */
export function editionParityProblems(root: URL): string[] {
  const rootDir = fileURLToPath(root);
  const paths = globSync('lessons/**/*.{md,mdx}', { cwd: join(rootDir, 'content') })
    .map((path) => path.split('\\').join('/'))
    .sort();
  const byEdition = new Map<string, Map<string, string>>();
  for (const path of paths) {
    const { edition, name } = contentPlace(path);
    const names = byEdition.get(edition) ?? new Map<string, string>();
    names.set(name, path);
    byEdition.set(edition, names);
  }
  const english = byEdition.get('root') ?? new Map<string, string>();
  const problems: string[] = [];
  for (const translation of TRANSLATIONS) {
    const translated = byEdition.get(translation) ?? new Map<string, string>();
    for (const [name, path] of english) {
      const pair = translated.get(name);
      if (pair === undefined) {
        problems.push(
          `Expected content/lessons/${translation}/${name}.mdx, the ${translation} edition of content/${path}, got no such file`,
        );
        continue;
      }
      const a = read(rootDir, path);
      const b = read(rootDir, pair);
      try {
        problems.push(...editionProblems(a, b));
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
      problems.push(
        ...frontmatterProblems(
          { file: a.file, data: frontmatterOf(a) },
          { file: b.file, data: frontmatterOf(b) },
        ),
      );
    }
    for (const [name, path] of translated) {
      if (!english.has(name)) {
        problems.push(
          `Expected content/lessons/${name}.mdx, the English lesson of content/${path}, got no such file`,
        );
      }
    }
  }
  return problems;
}

/**
 * Fails `astro build` when the editions have drifted apart (a cell in one edition only, cells
 * out of order, code that differs beyond strings and comments, a missing translation); in
 * `astro dev` it logs the same list, so an instructor can edit one edition, then the other.
 */
export function editionParity(): AstroIntegration {
  return {
    name: 'yieldbook:edition-parity',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const problems = editionParityProblems(config.root);
        if (problems.length === 0) return;
        const report = `The editions differ (docs/i18n.md):\n${problems.join('\n')}`;
        if (command === 'build') throw new Error(report);
        logger.warn(report);
      },
    },
  };
}
