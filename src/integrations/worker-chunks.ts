/**
 * Vite plugins for the site's module workers (`vite.worker.plugins` in astro.config.mjs).
 *
 * A module worker fetches its entry, parses it, then fetches what it imports, level by
 * level: the kernel's worker stood on three levels and seven files (its entry, the display
 * library, Node's inspector, the site info, the cell wrapper, then the cell runtime and
 * Rolldown's helpers). Rolldown would merge such shared chunks into the entry itself, but
 * it turns that pass off for the whole build when any module has a top-level await, and
 * `yieldbook/llm` has one. So `workerChunks` puts the entry and everything it imports
 * statically into one chunk, then makes the entry's file that chunk (`foldIntoEntries`);
 * `inspectAsModule` gives Node's inspector (a CommonJS bundle, which made that chunk
 * import Rolldown's CommonJS helpers) as an ES module. The worker then starts from one
 * file, fetched while its thread starts. What cells import on demand (`openai`, the
 * course modules, the transformer) stays in chunks of its own, which import what they
 * share with the start from the entry's file: the module the worker already runs.
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
 * Makes each worker one file: when code the worker loads on demand shares modules with
 * its start (otherwise the worker is one file already), the entry and every module it
 * imports statically go into one chunk, which then becomes the entry's file. Vite bundles each worker on its own and calls `worker.plugins` for each,
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
      foldIntoEntries(bundle as unknown as FoldableBundle);
    },
    outputOptions(options) {
      // Rolldown asks for the output options before it parses the modules, and runs
      // `test` once they are all parsed: the group is decided there, once.
      let startUp: Set<string> | null = null;
      const test = (id: string) => {
        if (startUp === null) {
          const reached = staticallyReached(entries, imports);
          startUp = sharesWithLazyCode(reached, entries, imports, dynamicImports)
            ? new Set([...reached, ...entries])
            : new Set();
        }
        return startUp.has(id);
      };
      return { ...options, codeSplitting: { groups: [{ name: 'worker-modules', test }] } };
    },
  };
}

/** The parts of an output chunk `foldIntoEntries` reads and rewrites. */
export interface FoldableChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  moduleIds: string[];
  facadeModuleId: string | null;
}

/** A bundle as `generateBundle` is given it, reduced to what `foldIntoEntries` needs. */
export type FoldableBundle = Record<string, FoldableChunk | { type: 'asset' }>;

/**
 * Makes an entry that only imports the group chunk holding its own module (the facade the
 * bundler writes when the entry is in a group) the group chunk itself: the entry's file
 * gets the group's code, the group's file goes, and chunks that imported the group import
 * the entry's file. The worker then starts from one file, and code it loads on demand
 * imports the very module the worker runs (same URL, so it is evaluated once).
 */
export function foldIntoEntries(bundle: FoldableBundle): void {
  for (const entry of Object.values(bundle)) {
    if (entry.type !== 'chunk' || !entry.isEntry || entry.facadeModuleId === null) continue;
    if (entry.imports.length !== 1 || entry.dynamicImports.length > 0) continue;
    const groupFile = entry.imports[0] ?? '';
    const group = bundle[groupFile];
    if (group?.type !== 'chunk' || !group.moduleIds.includes(entry.facadeModuleId)) continue;
    entry.code = group.code;
    entry.imports = group.imports;
    entry.dynamicImports = group.dynamicImports;
    entry.moduleIds = group.moduleIds;
    delete bundle[groupFile];
    for (const other of Object.values(bundle)) {
      if (other.type !== 'chunk' || other === entry) continue;
      const uses = (files: string[]) =>
        files.map((file) => (file === groupFile ? entry.fileName : file));
      if (!other.imports.includes(groupFile) && !other.dynamicImports.includes(groupFile)) continue;
      other.code = other.code.replaceAll(
        `./${baseName(groupFile)}`,
        `./${baseName(entry.fileName)}`,
      );
      other.imports = uses(other.imports);
      other.dynamicImports = uses(other.dynamicImports);
    }
  }
}

function baseName(file: string): string {
  return file.split('/').pop() ?? file;
}
