import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { CELL_MODULES } from '../../notebook/kernel/module-registry.ts';
import { pageCompilerOptions } from '../../typecheck/compiler-options.ts';
import {
  GLOBALS_FILE,
  TYPE_BUNDLE_VERSION,
  type TypeBundle,
  YIELDBOOK_TYPES_ROOT,
} from '../../typecheck/type-bundle.ts';

/** The project root (this file is src/integrations/type-bundle/). */
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where generated declarations pretend to live, so `openai` resolves from the real node_modules. */
const OVERLAY_DIR = '.yieldbook-types';

/**
 * Packages whose declarations go into the bundle when reached. Others reached only
 * through probes for optional runtimes (the SDK looks for `undici-types`, which pulls
 * in `@types/node`) stay out: cells run in a browser worker, and the probe falls back.
 */
const BUNDLED_PACKAGES: ReadonlySet<string> = new Set(['openai', 'gpt-tokenizer']);

/**
 * The SDK's files whose doc comments stay (what the lessons call: the client, chat
 * completions, errors). Elsewhere its comments are the API reference of every
 * endpoint, two thirds of the bundle's weight: they are removed.
 */
const OPENAI_DOCUMENTED = /^openai\/(index|client|error|core\/[^/]+|resources\/chat\/.*)\.d\.mts$/;

/** Fields of a package.json that module resolution reads; the rest stays out of the bundle. */
const PACKAGE_FIELDS = ['name', 'version', 'type', 'types', 'typings', 'main', 'exports'];

/**
 * What the kernel puts in every cell's scope besides the worker's own globals
 * (src/notebook/kernel/kernel.ts, `installGlobals`): writable, hence `var`.
 */
const GLOBALS_SOURCE = `import type { display as Display, progress as Progress } from 'yieldbook/display';

declare global {
  /** Shows a value under the cell: text, an image, a table, a chart (\`yieldbook/display\`). */
  var display: typeof Display;
  /** Wraps an iterable and shows a live progress bar while it is consumed (\`yieldbook/display\`). */
  var progress: typeof Progress;
}
`;

/** Options of {@link buildTypeBundle}. */
export interface BuildTypeBundleOptions {
  /** @default the project this file belongs to */
  root?: string;
}

/**
 * Generates the type bundle (src/typecheck/type-bundle.ts): declarations of every
 * `yieldbook/*` module a cell can import (emitted from src/lib by the TypeScript
 * compiler), the `.d.mts` files of the `openai` SDK that those and its entry reach,
 * the kernel's globals, and TypeScript's libs for a page program.
 *
 * Takes a few seconds (it type-checks src/lib to emit declarations); the result
 * depends only on the sources, so callers keep it.
 */
export function buildTypeBundle(options: BuildTypeBundleOptions = {}): TypeBundle {
  const root = options.root ?? PROJECT_ROOT;
  const files: Record<string, string> = {};
  const overlay = new Map<string, string>();
  const overlayRoot = join(root, OVERLAY_DIR);

  for (const [virtualPath, text] of emitLibraryDeclarations(root)) {
    overlay.set(join(overlayRoot, virtualPath.slice(YIELDBOOK_TYPES_ROOT.length + 1)), text);
    files[virtualPath] = text;
  }
  overlay.set(join(overlayRoot, 'globals.d.ts'), GLOBALS_SOURCE);
  files[GLOBALS_FILE] = GLOBALS_SOURCE;

  const openaiEntry = join(overlayRoot, 'openai-entry.ts');
  overlay.set(openaiEntry, "export type * from 'openai';\n");
  const compilerOptions: ts.CompilerOptions = {
    ...pageCompilerOptions(ts),
    paths: { 'yieldbook/*': [join(overlayRoot, 'lib/*/index.d.ts')] },
  };
  const host = overlayHost(compilerOptions, overlay);
  const program = ts.createProgram({
    rootNames: [...overlay.keys()]
      .filter((path) => path !== join(overlayRoot, 'openai-entry.ts'))
      .concat(openaiEntry),
    options: compilerOptions,
    host,
  });
  const modules = join(root, 'node_modules') + sep;
  const packages = new Set<string>();
  for (const source of program.getSourceFiles()) {
    const path = source.fileName;
    if (program.isSourceFileDefaultLibrary(source)) {
      files[`/${path.slice(path.lastIndexOf('/') + 1)}`] = source.text;
    } else if (path.startsWith(modules)) {
      const inside = relative(join(root, 'node_modules'), path).split(sep).join('/');
      const parts = inside.split('/');
      const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
      if (!BUNDLED_PACKAGES.has(name)) continue;
      files[`/node_modules/${inside}`] =
        name === 'openai' && !OPENAI_DOCUMENTED.test(inside)
          ? withoutComments(source)
          : source.text;
      packages.add(name);
    }
  }
  for (const name of packages) {
    const manifest = JSON.parse(
      readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    const kept = Object.fromEntries(
      PACKAGE_FIELDS.filter((field) => field in manifest).map((field) => [field, manifest[field]]),
    );
    files[`/node_modules/${name}/package.json`] = JSON.stringify(kept);
  }
  return { version: TYPE_BUNDLE_VERSION, files: sortedByPath(files) };
}

const commentFree = ts.createPrinter({ removeComments: true });

function withoutComments(source: ts.SourceFile): string {
  return commentFree.printFile(source);
}

/** Options of {@link loadTypeBundle}. */
export interface LoadTypeBundleOptions extends BuildTypeBundleOptions {
  /** Where built bundles are kept. @default `<root>/node_modules/.cache/yieldbook` */
  cacheDir?: string;
}

/**
 * {@link buildTypeBundle}, kept on disk under a hash of everything it is made from
 * (src/lib, src/core, the builder, the versions of TypeScript and the bundled
 * packages), so the build, `npm run lessons:check` and the tests build it once.
 */
export function loadTypeBundle(options: LoadTypeBundleOptions = {}): TypeBundle {
  const root = options.root ?? PROJECT_ROOT;
  const cacheDir = options.cacheDir ?? join(root, 'node_modules', '.cache', 'yieldbook');
  const file = join(cacheDir, `type-bundle-${inputsHash(root)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TypeBundle;
  const bundle = buildTypeBundle({ root });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, JSON.stringify(bundle));
  return bundle;
}

/** A short hash of the sources and versions a bundle is built from. */
function inputsHash(root: string): string {
  const hash = createHash('sha256');
  const sources = ['src/lib', 'src/core', 'src/typecheck', 'src/integrations/type-bundle'];
  for (const dir of sources) {
    const entries = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((entry) => entry.endsWith('.ts'))
      .sort();
    for (const entry of entries) {
      hash
        .update(`${dir}/${entry}\0`)
        .update(readFileSync(join(root, dir, entry)))
        .update('\0');
    }
  }
  hash.update(readFileSync(join(root, 'src/notebook/kernel/module-registry.ts')));
  for (const name of ['typescript', ...BUNDLED_PACKAGES]) {
    const manifest = JSON.parse(
      readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version?: unknown };
    hash.update(`${name}@${String(manifest.version)}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Emits declarations for every `yieldbook/*` entry; returns virtual path → text. */
function emitLibraryDeclarations(root: string): Map<string, string> {
  const sourceRoot = join(root, 'src');
  const entries = Object.keys(CELL_MODULES)
    .filter((specifier) => specifier.startsWith('yieldbook/'))
    .map((specifier) => {
      const entry = join(sourceRoot, 'lib', specifier.slice('yieldbook/'.length), 'index.ts');
      if (!existsSync(entry)) {
        throw new Error(`Expected \`${specifier}\` to have its entry at ${entry}, got no file`);
      }
      return entry;
    });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2025.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    allowImportingTsExtensions: true,
    rootDir: sourceRoot,
    outDir: join(root, OVERLAY_DIR),
  };
  const program = ts.createProgram({ rootNames: entries, options });
  const emitted = new Map<string, string>();
  const result = program.emit(undefined, (fileName, text) => {
    const inside = relative(join(root, OVERLAY_DIR), fileName).split(sep).join('/');
    emitted.set(`${YIELDBOOK_TYPES_ROOT}/${inside}`, text);
  });
  if (result.emitSkipped) {
    const why = ts.formatDiagnostics(result.diagnostics, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    });
    throw new Error(`Expected declarations of src/lib to be emitted, got:\n${why}`);
  }
  return emitted;
}

/** A compiler host that sees `overlay` (absolute path → text) on top of the real files. */
function overlayHost(options: ts.CompilerOptions, overlay: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const directories = new Set<string>();
  for (const path of overlay.keys()) {
    for (let dir = dirname(path); !directories.has(dir); dir = dirname(dir)) {
      directories.add(dir);
      if (dirname(dir) === dir) break;
    }
  }
  return {
    ...host,
    fileExists: (path) => overlay.has(path) || host.fileExists(path),
    readFile: (path) => overlay.get(path) ?? host.readFile(path),
    directoryExists: (path) => directories.has(path) || (host.directoryExists?.(path) ?? false),
    getSourceFile: (path, language, onError) => {
      const text = overlay.get(path);
      return text === undefined
        ? host.getSourceFile(path, language, onError)
        : ts.createSourceFile(path, text, language);
    },
  };
}

function sortedByPath(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}
