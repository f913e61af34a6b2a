import type * as TS from 'typescript';
import { PAGE_LIBS, YIELDBOOK_TYPES_ROOT } from './type-bundle.ts';

/**
 * Compiler options of a page program: strict, as the project's own code, with
 * the libs of the kernel's worker and `yieldbook/*` resolved in the type bundle.
 * Each cell is a module (see page-checker.ts), so top-level `await` type-checks.
 *
 * @param ts the `typescript` module (passed in: the browser worker loads it itself).
 */
export function pageCompilerOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: [...PAGE_LIBS],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    isolatedModules: false,
    esModuleInterop: true,
    paths: { 'yieldbook/*': [`${YIELDBOOK_TYPES_ROOT}/lib/*/index.d.ts`] },
  };
}
