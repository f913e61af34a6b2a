/**
 * Vite plugins for the site's module workers (`vite.worker.plugins` in astro.config.mjs).
 *
 * A module worker fetches its entry, parses it, then fetches what it imports, level by
 * level: the kernel's worker stood on three levels and seven files (its entry, the display
 * library, Node's inspector, the site info, the cell wrapper, then the cell runtime and
 * Rolldown's helpers). Rolldown would merge such shared chunks into the entry itself, but
 * it turns that pass off for the whole build when any module has a top-level await, and
 * `yieldbook/llm` has one. So `workerChunks` puts everything a worker's entry imports
 * statically into one chunk of its own, and `inspectAsModule` gives Node's inspector (a
 * CommonJS bundle, which made that chunk import Rolldown's CommonJS helpers) as an ES
 * module: the worker then loads its entry and one chunk. What cells import on demand
 * (`openai`, the course modules, the transformer) stays in chunks of its own.
 *
 * `workerImports` tells the page that chunk's URL, so the page fetches it while the
 * worker's thread starts, and the worker's import finds it in the HTTP cache.
 */
import type { Plugin } from 'vite';

/** The file of `node-inspect-extracted` both of its entry points end in. */
const INSPECT_BUNDLE = /[\\/]node-inspect-extracted[\\/]dist[\\/]inspect\.js$/u;

/**
 * Wraps `node-inspect-extracted`'s UMD bundle as an ES module. The bundle takes its
 * CommonJS branch when `module` and `exports` are objects, so local ones are enough.
 */
export function inspectAsModule(): Plugin {
  return {
    name: 'yieldbook:inspect-as-module',
    transform(code, id) {
      if (!INSPECT_BUNDLE.test(id)) return null;
      return {
        code: `const module = { exports: {} };\nconst exports = module.exports;\n${code}\nexport default module.exports;\n`,
        map: null,
      };
    },
  };
}

/**
 * The modules `entries` reach through static imports alone, entries excluded, from each
 * module's static imports.
 */
export function staticallyReached(
  entries: Iterable<string>,
  imports: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const starts = new Set(entries);
  const reached = new Set<string>();
  const todo = [...starts];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    for (const next of imports.get(id) ?? []) {
      if (reached.has(next) || starts.has(next)) continue;
      reached.add(next);
      todo.push(next);
    }
  }
  return reached;
}

/**
 * Whether code loaded on demand shares a module with what the entries load at start: only
 * then would the bundler split the start-up modules into several chunks.
 */
export function sharesWithLazyCode(
  reached: ReadonlySet<string>,
  entries: ReadonlySet<string>,
  imports: ReadonlyMap<string, readonly string[]>,
  dynamicImports: ReadonlyMap<string, readonly string[]>,
): boolean {
  for (const targets of dynamicImports.values()) {
    if (targets.some((target) => reached.has(target) || entries.has(target))) return true;
  }
  for (const [id, targets] of imports) {
    if (reached.has(id) || entries.has(id)) continue;
    if (targets.some((target) => reached.has(target))) return true;
  }
  return false;
}

/**
 * Puts every module a worker's entry imports statically into one chunk, `worker-modules`,
 * when code the worker loads on demand shares some of them (otherwise the worker is one
 * file already). Vite bundles each worker on its own and calls `worker.plugins` for each,
 * so the graph seen here is one worker's.
 */
export function workerChunks(): Plugin {
  const imports = new Map<string, readonly string[]>();
  const dynamicImports = new Map<string, readonly string[]>();
  const entries = new Set<string>();
  return {
    name: 'yieldbook:worker-chunks',
    moduleParsed(info) {
      imports.set(info.id, info.importedIds);
      dynamicImports.set(info.id, info.dynamicallyImportedIds);
      if (info.isEntry) entries.add(info.id);
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk' || !output.isEntry || output.facadeModuleId === null) continue;
        entryImports.set(workerName(output.facadeModuleId), output.imports);
      }
    },
    outputOptions(options) {
      // Rolldown asks for the output options before it parses the modules, and runs
      // `test` once they are all parsed: the group is decided there, once.
      let startUp: Set<string> | null = null;
      const test = (id: string) => {
        if (startUp === null) {
          const reached = staticallyReached(entries, imports);
          startUp = sharesWithLazyCode(reached, entries, imports, dynamicImports)
            ? reached
            : new Set();
        }
        return startUp.has(id);
      };
      return { ...options, codeSplitting: { groups: [{ name: 'worker-modules', test }] } };
    },
  };
}

/** The module the page's eager script reads a worker's start-up files from (`workerImports`). */
export const WORKER_IMPORTS_MODULE = 'virtual:yieldbook/worker-imports';

/**
 * What each worker's entry imports statically, by the entry's file name without its
 * extension (`kernel.worker`), as output file names (`_astro/worker-modules-<hash>.js`):
 * recorded by `workerChunks` as Vite bundles each worker, read by `workerImports`.
 */
const entryImports = new Map<string, readonly string[]>();

/** `kernel.worker` for `/…/src/notebook/kernel/kernel.worker.ts`. */
export function workerName(sourcePath: string): string {
  const file = sourcePath.split(/[\\/]/u).pop() ?? sourcePath;
  return file.replace(/\.[cm]?[jt]sx?$/u, '');
}

/**
 * Serves `virtual:yieldbook/worker-imports` in the page's build: `workerImports`, each
 * worker's start-up files as URLs under the site's base, so the page can fetch them while
 * the worker's thread starts (a module worker finds its imports only once its entry has
 * been fetched and parsed; the page fetches them at once, and the worker then reads them
 * from the HTTP cache). Vite bundles a worker while it transforms the module that starts
 * it, and loads that module's imports only afterwards, so the worker is recorded by the
 * time this module loads. Empty in dev and in tests, where nothing is bundled.
 */
export function workerImports(): Plugin {
  const resolved = `\0${WORKER_IMPORTS_MODULE}`;
  let base = '/';
  return {
    name: 'yieldbook:worker-imports',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
    },
    resolveId: (id) => (id === WORKER_IMPORTS_MODULE ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      const byWorker = Object.fromEntries(
        [...entryImports]
          .filter(([, files]) => files.length > 0)
          .map(([name, files]) => [name, files.map((file) => `${base}${file}`)]),
      );
      return `export const workerImports = ${JSON.stringify(byWorker)};\n`;
    },
  };
}
