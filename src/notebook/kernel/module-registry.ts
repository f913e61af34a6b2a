/** Loads one module a cell can import. */
export type ModuleLoader = () => Promise<Record<string, unknown>>;

/**
 * Everything a cell can `import`, by specifier. Each loader is a dynamic
 * `import()` of a literal path so Vite splits it into its own chunk, loaded
 * the first time a cell asks. Add new course modules here.
 */
export const CELL_MODULES: Readonly<Record<string, ModuleLoader>> = {
  'yieldbook/display': () => import('../../lib/display/index.ts'),
  'yieldbook/check': () => import('../../lib/check/index.ts'),
  'yieldbook/tokens': () => import('../../lib/tokens/index.ts'),
  'yieldbook/parallel': () => import('../../lib/parallel/index.ts'),
  'yieldbook/shared': () => import('../../lib/shared/index.ts'),
  'yieldbook/llm': () => import('../../lib/llm/index.ts'),
  openai: () => import('openai'),
  'yieldbook/memory': () => import('../../lib/memory/index.ts'),
  'yieldbook/interpreters': () => import('../../lib/interpreters/index.ts'),
};

/** Loads `specifier` from `modules`, or fails with the list of what can be imported. */
export async function loadCellModule(
  specifier: string,
  modules: Readonly<Record<string, ModuleLoader>> = CELL_MODULES,
): Promise<Record<string, unknown>> {
  const loader = Object.hasOwn(modules, specifier) ? modules[specifier] : undefined;
  if (!loader) {
    const available = Object.keys(modules).sort().join(', ');
    throw new Error(`Cannot import "${specifier}" in a cell. Available: ${available}`);
  }
  return loader();
}
