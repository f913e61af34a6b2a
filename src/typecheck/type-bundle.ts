/**
 * The type bundle: every declaration file a page program needs, as one map of
 * virtual path → text. The build writes it (src/integrations/type-bundle) as a
 * hashed JSON asset that the editor's language service fetches on the first
 * edit; Node builds it in memory with `buildTypeBundle` (no build needed).
 *
 * Virtual layout (absolute POSIX paths, no real file system behind them):
 *
 * | path                        | what                                              |
 * | --------------------------- | ------------------------------------------------- |
 * | `/lib.<name>.d.ts`          | TypeScript's own libs ({@link PAGE_LIBS} and what they reference) |
 * | `/yb/lib/<module>/…d.ts`    | declarations generated from `src/lib` (and `src/core` where reached) |
 * | `/yb/globals.d.ts`          | what the kernel puts in every cell's scope (`display`, `progress`) |
 * | `/node_modules/openai/…`    | the SDK's shipped `.d.mts` files reachable from its entry, and its `package.json` |
 */

/** Version of the bundle's shape; bump when a reader must change. */
export const TYPE_BUNDLE_VERSION = 1;

/** The bundle as built and as fetched. */
export interface TypeBundle {
  version: typeof TYPE_BUNDLE_VERSION;
  /** Virtual path → file text. */
  files: Record<string, string>;
}

/** TypeScript libs of a page program: the language of 2025 and a worker's globals (the kernel is a Web Worker). */
export const PAGE_LIBS: readonly string[] = [
  'lib.es2025.d.ts',
  'lib.webworker.d.ts',
  'lib.webworker.iterable.d.ts',
  'lib.webworker.asynciterable.d.ts',
];

/** Where generated course declarations live in the virtual file system. */
export const YIELDBOOK_TYPES_ROOT = '/yb';

/** The declaration file of the kernel's globals. */
export const GLOBALS_FILE = `${YIELDBOOK_TYPES_ROOT}/globals.d.ts`;

/**
 * Checks that `value` (parsed JSON) is a type bundle.
 *
 * @throws {TypeError} ``Expected `bundle` to be …, got …`` when it is not.
 */
export function parseTypeBundle(value: unknown): TypeBundle {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`Expected \`bundle\` to be an object, got ${describeValue(value)}`);
  }
  const { version, files } = value as { version?: unknown; files?: unknown };
  if (version !== TYPE_BUNDLE_VERSION) {
    throw new TypeError(
      `Expected \`bundle.version\` to be ${TYPE_BUNDLE_VERSION}, got ${describeValue(version)}`,
    );
  }
  if (typeof files !== 'object' || files === null) {
    throw new TypeError(`Expected \`bundle.files\` to be an object, got ${describeValue(files)}`);
  }
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith('/') || typeof text !== 'string') {
      throw new TypeError(
        `Expected \`bundle.files\` to map absolute paths to text, got ${JSON.stringify(path)} → ${describeValue(text)}`,
      );
    }
  }
  return { version, files: files as Record<string, string> };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object of another shape' : String(value);
}
