import type { SerializedError } from '../../core/serialized-error.ts';
import { inspectValue } from './format.ts';

/** What the kernel keeps of each transformed cell to map positions back to TypeScript. */
export interface CellSourceMap {
  cellId: string;
  originalPosition(line: number, column: number): { line: number; column: number } | null;
}

/** A cell frame in a V8 (`at f (url:1:2)`) or Firefox/Safari (`f@url:1:2`) stack line. */
// The URL's parts exclude `/`, as `cellUrl` writes them, so no match can run over another (check:regex).
const CELL_FRAME = /(yieldbook-cell\/[^\s():/]+\/\d+\.js):(\d+):(\d+)/;

interface Frame {
  cellId: string;
  line: number;
  column: number;
}

/**
 * Rewrites errors for the page: stack frames in cell code become
 * `at <cellId>:<line>:<column>` in TypeScript positions; frames in kernel and
 * library code are dropped. Keeps every cell's map for the kernel's life,
 * since functions defined in an earlier cell can throw later.
 */
export class ErrorMapper {
  readonly #cells = new Map<string, CellSourceMap>();

  /** Registers the cell evaluated under `url` (its `sourceURL`). */
  register(url: string, cell: CellSourceMap): void {
    this.#cells.set(url, cell);
  }

  /** Cell frames of a stack, mapped to TypeScript positions, top first. */
  frames(stack: string): Frame[] {
    const frames: Frame[] = [];
    for (const line of stack.split('\n')) {
      const match = CELL_FRAME.exec(line);
      if (!match) continue;
      const [, url = '', lineText = '', columnText = ''] = match;
      const cell = this.#cells.get(url);
      if (!cell) continue;
      const position = cell.originalPosition(Number(lineText), Number(columnText));
      if (position) frames.push({ cellId: cell.cellId, ...position });
    }
    return frames;
  }

  /** The error as it crosses to the page. Non-errors (`throw 42`) become `Uncaught: 42`. */
  serialize(thrown: unknown): SerializedError {
    if (!(thrown instanceof Error) && !looksLikeError(thrown)) {
      const message = inspectValue(thrown);
      return { name: 'Uncaught', message, stack: `Uncaught ${message}` };
    }
    const error = thrown as Error & { line?: unknown; column?: unknown; cellId?: unknown };
    const name = String(error.name || 'Error');
    const message = String(error.message ?? '');
    const head = message ? `${name}: ${message}` : name;
    const frames = this.frames(String(error.stack ?? ''));
    const serialized: SerializedError = {
      name,
      message,
      stack: [head, ...frames.map((f) => `    at ${f.cellId}:${f.line}:${f.column}`)].join('\n'),
    };
    const top = frames[0];
    if (top) {
      serialized.line = top.line;
      serialized.column = top.column;
      serialized.cellId = top.cellId;
    }
    return serialized;
  }

  /** A syntax error found by the transform, already in TypeScript positions. */
  serializeSyntax(
    error: SyntaxError & { line: number; column: number },
    cellId: string,
  ): SerializedError {
    return {
      name: error.name,
      message: error.message,
      stack: `${error.name}: ${error.message}\n    at ${cellId}:${error.line}:${error.column}`,
      line: error.line,
      column: error.column,
      cellId,
    };
  }
}

function looksLikeError(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}
