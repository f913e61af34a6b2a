import {
  createSystem,
  createVirtualTypeScriptEnvironment,
  type VirtualTypeScriptEnvironment,
} from '@typescript/vfs';
import type * as TS from 'typescript';
import { type BindingKind, topLevelBindings } from './cell-scope.ts';
import { pageCompilerOptions } from './compiler-options.ts';
import { GLOBALS_FILE, type TypeBundle } from './type-bundle.ts';

/** One cell of a page, in page order: its id and its code (the reader's edited text where edited). */
export interface PageCell {
  readonly id: string;
  readonly code: string;
}

/** TypeScript's diagnostic categories, by name. */
export type DiagnosticCategory = 'error' | 'warning' | 'suggestion' | 'message';

/** A diagnostic of the page program, placed in its cell. */
export interface CellDiagnostic {
  cellId: string;
  /** TypeScript's code: `2322` for TS2322. */
  code: number;
  /** The message, its chain flattened with line breaks and indentation. */
  message: string;
  category: DiagnosticCategory;
  /** 0-based offsets in the cell's code, `from` ≤ `to` (equal for a point). */
  from: number;
  to: number;
  /** 1-based line and column of `from` in the cell. */
  line: number;
  column: number;
  /** 1-based line and column of `to` in the cell. */
  endLine: number;
  endColumn: number;
}

/**
 * The TypeScript program of one page. Each cell is one module file of the
 * program, `/page/<cell id>.ts`, whose text is the cell's code followed by one
 * generated line: an `import` of every name the cells above declared (from the
 * nearest cell above that declares it, unless this cell declares it again),
 * and an `export` of every name this cell declares (after a `;` that ends an
 * unfinished last statement). So each cell sees the
 * declarations of the cells above it, as the kernel's shared scope runs them
 * in page order; later cells' names are unknown; a name declared again shadows
 * the older one; top-level `await` type-checks (a module). Imports are hoisted,
 * so the generated line goes after the code: a cell offset is the same offset
 * in its program file.
 */
export interface PageChecker {
  /** The cells, in page order, as last set. */
  readonly cells: readonly PageCell[];
  /**
   * Replaces the page's cells. Only files whose text changed get a new version,
   * so the language service re-checks incrementally.
   */
  setCells(cells: readonly PageCell[]): void;
  /** Replaces one cell's code. @throws {Error} when no cell has that id. */
  updateCell(id: string, code: string): void;
  /** Diagnostics of every cell, in page order, then by position. */
  diagnostics(): CellDiagnostic[];
  /** Diagnostics of one cell. @throws {Error} when no cell has that id. */
  cellDiagnostics(id: string): CellDiagnostic[];
  /** The program file of a cell (`/page/<id>.ts`). */
  fileName(id: string): string;
  /** The program file offset of a cell offset (0 … code length). @throws {RangeError} outside. */
  toProgramOffset(id: string, cellOffset: number): number;
  /**
   * The cell and cell offset of a program position, or null when it is not in a
   * cell's own code (a library file, the generated line).
   */
  toCellOffset(fileName: string, programOffset: number): { cellId: string; offset: number } | null;
  /** The language service over the page (completions, quick info, signature help …). */
  readonly languageService: TS.LanguageService;
  /** The `@typescript/vfs` environment behind it, for tools built on one. */
  readonly env: VirtualTypeScriptEnvironment;
}

/** Directory of the cell files in the virtual file system. */
export const PAGE_DIR = '/page';

/** TS2632: "Cannot assign to 'x' because it is an import." */
const ASSIGN_TO_IMPORT = 2632;
/** TS2588: "Cannot assign to 'x' because it is a constant." */
const ASSIGN_TO_CONSTANT = 2588;

const CATEGORIES: Record<number, DiagnosticCategory> = {
  0: 'warning',
  1: 'error',
  2: 'suggestion',
  3: 'message',
};

interface CellState {
  cell: PageCell;
  fileName: string;
  /** Names the cell declares at top level, by name. */
  bindings: Map<string, BindingKind>;
  /** Names the generated line imports, with where the binding was declared. */
  imported: Map<string, BindingKind>;
}

/**
 * Creates the program of a page over a type bundle.
 *
 * @param ts the `typescript` module (6.x, the JavaScript compiler), passed in so the
 *   browser worker and Node each load it their own way.
 * @param bundle the type bundle (`buildTypeBundle` in Node, the fetched asset in the page).
 * @param cells the page's cells in order; more can be set later.
 * @example
 * const checker = createPageChecker(ts, buildTypeBundle(), [
 *   { id: 'a', code: 'const n = 1;' },
 *   { id: 'b', code: "const s: string = n;" },
 * ]);
 * checker.cellDiagnostics('b'); // [{ code: 2322, line: 1, column: 7, … }]
 */
export function createPageChecker(
  ts: typeof TS,
  bundle: TypeBundle,
  cells: readonly PageCell[] = [],
): PageChecker {
  const files = new Map(Object.entries(bundle.files));
  const system = createSystem(files);
  const env = createVirtualTypeScriptEnvironment(
    system,
    [GLOBALS_FILE],
    ts,
    pageCompilerOptions(ts),
  );
  const texts = new Map<string, string>();
  let states: CellState[] = [];
  const byId = new Map<string, CellState>();

  const stateOf = (id: string): CellState => {
    const state = byId.get(id);
    if (!state)
      throw new Error(`Expected \`id\` to name a cell of the page, got ${JSON.stringify(id)}`);
    return state;
  };

  const writeFile = (fileName: string, text: string) => {
    const old = texts.get(fileName);
    if (old === text) return;
    texts.set(fileName, text);
    if (old === undefined) env.createFile(fileName, text);
    else env.updateFile(fileName, text);
  };

  const setCells = (next: readonly PageCell[]) => {
    const seen = new Set<string>();
    for (const cell of next) {
      if (typeof cell?.id !== 'string' || typeof cell.code !== 'string') {
        throw new TypeError(
          `Expected \`cells\` to hold { id: string, code: string }, got ${JSON.stringify(cell)}`,
        );
      }
      if (seen.has(cell.id)) {
        throw new Error(`Expected cell ids to be unique, got ${JSON.stringify(cell.id)} twice`);
      }
      seen.add(cell.id);
    }
    const previous = states;
    states = next.map((cell) => {
      const fileName = cellFileName(cell.id);
      const old = byId.get(cell.id);
      const bindings =
        old && old.cell.code === cell.code
          ? old.bindings
          : new Map(
              topLevelBindings(
                ts,
                ts.createSourceFile(fileName, cell.code, ts.ScriptTarget.Latest),
              ).map(({ name, kind }) => [name, kind]),
            );
      return { cell, fileName, bindings, imported: new Map() };
    });
    byId.clear();
    for (const state of states) byId.set(state.cell.id, state);
    for (const old of previous) {
      if (!byId.has(old.cell.id)) {
        env.deleteFile(old.fileName);
        texts.delete(old.fileName);
      }
    }
    // Nearest declaration above each cell, by name: name → [cell file, kind].
    const visible = new Map<string, { fileName: string; kind: BindingKind }>();
    for (const state of states) {
      const sources = new Map<string, string[]>();
      for (const [name, { fileName, kind }] of visible) {
        if (state.bindings.has(name)) continue;
        state.imported.set(name, kind);
        sources.set(fileName, [...(sources.get(fileName) ?? []), name]);
      }
      writeFile(state.fileName, state.cell.code + generatedLine(sources, state.bindings));
      for (const [name, kind] of state.bindings)
        visible.set(name, { fileName: state.fileName, kind });
    }
  };

  const toDiagnostic = (
    state: CellState,
    diagnostic: TS.Diagnostic,
    syntactic: boolean,
  ): CellDiagnostic | null => {
    const { code: text } = state.cell;
    const start = diagnostic.start ?? 0;
    // Past the code is the generated line. A syntax error there comes from the code
    // (`gen.` or an unclosed brace at the end): it is shown at the code's end. A
    // semantic one (an import the unfinished code swallowed) is no part of the code.
    if (start > text.length && !syntactic) return null;
    let code = diagnostic.code;
    let message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const from = Math.min(text.length, start);
    const to = Math.min(text.length, start + (diagnostic.length ?? 0));
    if (code === ASSIGN_TO_IMPORT) {
      // The kernel's globals are writable unless a top-level `const` declared them.
      const name = text.slice(from, to);
      const kind = state.imported.get(name);
      if (kind === 'writable') return null;
      if (kind === 'const') {
        code = ASSIGN_TO_CONSTANT;
        message = `Cannot assign to '${name}' because it is a constant.`;
      }
    }
    const begin = lineColumn(text, from);
    const end = lineColumn(text, to);
    return {
      cellId: state.cell.id,
      code,
      message,
      category: CATEGORIES[diagnostic.category] ?? 'error',
      from,
      to,
      line: begin.line,
      column: begin.column,
      endLine: end.line,
      endColumn: end.column,
    };
  };

  const cellDiagnostics = (id: string): CellDiagnostic[] => {
    const state = stateOf(id);
    const service = env.languageService;
    const found = [
      ...service
        .getSyntacticDiagnostics(state.fileName)
        .map((diagnostic) => toDiagnostic(state, diagnostic, true)),
      ...service
        .getSemanticDiagnostics(state.fileName)
        .map((diagnostic) => toDiagnostic(state, diagnostic, false)),
    ].filter((diagnostic) => diagnostic !== null);
    return found.sort((a, b) => a.from - b.from || a.to - b.to);
  };

  setCells(cells);

  return {
    get cells() {
      return states.map((state) => state.cell);
    },
    setCells,
    updateCell(id, code) {
      stateOf(id);
      setCells(states.map((state) => (state.cell.id === id ? { id, code } : state.cell)));
    },
    diagnostics: () => states.flatMap((state) => cellDiagnostics(state.cell.id)),
    cellDiagnostics,
    fileName: (id) => stateOf(id).fileName,
    toProgramOffset(id, cellOffset) {
      const { code } = stateOf(id).cell;
      if (!Number.isInteger(cellOffset) || cellOffset < 0 || cellOffset > code.length) {
        throw new RangeError(
          `Expected \`cellOffset\` to be an integer from 0 to ${code.length}, got ${cellOffset}`,
        );
      }
      return cellOffset;
    },
    toCellOffset(fileName, programOffset) {
      const state = states.find((candidate) => candidate.fileName === fileName);
      if (!state || programOffset < 0 || programOffset > state.cell.code.length) return null;
      return { cellId: state.cell.id, offset: programOffset };
    },
    get languageService() {
      return env.languageService;
    },
    env,
  };
}

/** The program file of a cell. */
export function cellFileName(id: string): string {
  return `${PAGE_DIR}/${id}.ts`;
}

/** The line after a cell's code: its imports from the cells above, its exports. */
function generatedLine(
  sources: ReadonlyMap<string, readonly string[]>,
  own: ReadonlyMap<string, BindingKind>,
): string {
  // The `;` ends whatever the code left open at its end (`gen.` while typing), so the
  // imports still parse and completion after `gen.` sees `gen`.
  let line = '\n;';
  for (const [fileName, names] of sources) {
    line += `import { ${names.join(', ')} } from '.${fileName.slice(PAGE_DIR.length)}'; `;
  }
  return `${line}export { ${[...own.keys()].join(', ')} };\n`;
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
