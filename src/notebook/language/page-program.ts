import type { PageChecker } from '../../typecheck/page-checker.ts';
import type { CellDiagnostic } from './protocol.ts';
import type { PageProgram } from './service.ts';

/** The severities the editor shows, from the checker's categories. */
const SEVERITY: Record<string, CellDiagnostic['severity']> = {
  error: 'error',
  warning: 'warning',
  suggestion: 'info',
  message: 'info',
};

/** The page checker (src/typecheck) as the language service uses it. */
export function pageProgram(checker: PageChecker): PageProgram {
  const known = () => new Set(checker.cells.map((cell) => cell.id));
  return {
    get service() {
      return checker.languageService;
    },
    setCells: (cells) => checker.setCells(cells),
    setCell(id, code) {
      // An edit for a cell the page did not list (a markup change meanwhile) is not fatal.
      if (known().has(id)) checker.updateCell(id, code);
    },
    ids: () => checker.cells.map((cell) => cell.id),
    cellDiagnostics(id) {
      if (!known().has(id)) return [];
      return checker.cellDiagnostics(id).map((found) => ({
        from: found.from,
        to: found.to,
        line: found.line,
        code: found.code,
        severity: SEVERITY[found.category] ?? 'error',
        message: found.message,
      }));
    },
    place(id, at) {
      const cell = checker.cells.find((candidate) => candidate.id === id);
      if (cell === undefined) return null;
      const fileName = checker.fileName(id);
      const pos = checker.toProgramOffset(id, Math.max(0, Math.min(at, cell.code.length)));
      return {
        fileName,
        pos,
        toCell(programPos) {
          const found = checker.toCellOffset(fileName, programPos);
          return found?.cellId === id ? found.offset : null;
        },
      };
    },
    text: (id) => checker.cells.find((cell) => cell.id === id)?.code,
  };
}
