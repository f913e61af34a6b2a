/**
 * The `typeCheck` integration: at `astro build`, every lesson page is
 * type-checked as one program (docs/typecheck.md) and the build fails on a type
 * error no cell declares; the type bundle is written to the client output as
 * `_astro/type-bundle.<hash>.gz` (gzip-compressed JSON, fetched by the editor's
 * language service on the first edit) and its URL is the `typeBundleUrl` of
 * `virtual:yieldbook/type-bundle`. `astro dev` serves the bundle at the same kind
 * of URL.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import ts from 'typescript';
import type { Plugin } from 'vite';
import { extractCells } from '../../cells/extract.ts';
import { createPageChecker } from '../../typecheck/page-checker.ts';
import { checkLessonTypes } from '../cells/check-types.ts';
import { loadTypeBundle } from './build-type-bundle.ts';

/** The module page code imports the bundle's URL from. */
export const TYPE_BUNDLE_MODULE = 'virtual:yieldbook/type-bundle';

/** The bundle file, compressed, and its name under the output's root. */
interface BundleFile {
  path: string;
  bytes: Buffer;
}

/** Options of {@link typeCheck}. */
export interface TypeCheckOptions {
  /** The lessons to check. @default `content/lessons/` of the project */
  lessons?: URL;
}

/** The Astro integration. */
export function typeCheck(options: TypeCheckOptions = {}): AstroIntegration {
  let root = fileURLToPath(new URL('../../../', import.meta.url));
  let file: BundleFile | null = null;
  const bundleFile = (): BundleFile => {
    if (file) return file;
    const bytes = gzipSync(JSON.stringify(loadTypeBundle({ root })), { level: 9 });
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    file = { path: `_astro/type-bundle.${hash}.gz`, bytes };
    return file;
  };
  let base = '/';

  return {
    name: 'yieldbook:type-check',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        root = fileURLToPath(config.root);
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        updateConfig({ vite: { plugins: [virtualModule(() => `${base}${bundleFile().path}`)] } });
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((request, response, next) => {
          if (request.url !== `${base}${bundleFile().path}`) return next();
          response.setHeader('Content-Type', 'application/octet-stream');
          response.end(bundleFile().bytes);
        });
      },
      'astro:build:start': async ({ logger }) => {
        const lessons = options.lessons
          ? fileURLToPath(options.lessons)
          : join(root, 'content/lessons');
        const start = performance.now();
        const problems = await checkLessons(lessons, root);
        if (problems.length > 0) {
          throw new Error(`Type errors in lessons (docs/typecheck.md):\n${problems.join('\n')}`);
        }
        logger.info(`lessons type-checked in ${Math.round(performance.now() - start)} ms`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { path, bytes } = bundleFile();
        await writeFile(join(fileURLToPath(dir), path), bytes);
        logger.info(`type bundle: ${path} (${Math.round(bytes.length / 1024)} KiB gzip)`);
      },
    },
  };
}

/** Type problems of every lesson under `dir`, one line each, naming lesson, cell and line. */
export async function checkLessons(dir: string, root: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const checker = createPageChecker(ts, loadTypeBundle({ root }));
  const problems: string[] = [];
  for (const path of files) {
    const cells = extractCells(await readFile(path, 'utf8'), relative(root, path));
    for (const { message } of checkLessonTypes(checker, cells)) problems.push(message);
  }
  return problems;
}

/** Resolves `virtual:yieldbook/type-bundle` to the bundle's URL. */
function virtualModule(url: () => string): Plugin {
  const resolved = `\0${TYPE_BUNDLE_MODULE}`;
  return {
    name: 'yieldbook:type-bundle',
    resolveId: (id) => (id === TYPE_BUNDLE_MODULE ? resolved : undefined),
    load: (id) =>
      id === resolved ? `export const typeBundleUrl = ${JSON.stringify(url())};\n` : undefined,
  };
}
