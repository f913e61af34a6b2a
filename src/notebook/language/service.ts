/**
 * The worker side of the language protocol, free of `self` so Node tests
 * drive it: keeps the page program's cell texts, answers queries in cell
 * offsets, and checks the program when asked (the worker entry asks once a
 * burst of edits has been read, so typing fast costs one check, not one per key).
 */
import type * as TS from 'typescript';
import { completionsAt, quickInfoAt, signatureHelpAt, type ToCell } from './answers.ts';
import type {
  CellDiagnostic,
  LanguageAnswers,
  LanguageCell,
  LanguageEvent,
  LanguageQuery,
  LanguageRequest,
} from './protocol.ts';

/** Where a cell's offset lies in the page program, and the way back. */
export interface ProgramPlace {
  fileName: string;
  pos: number;
  /** Maps a position of `fileName` back into the same cell. */
  toCell: ToCell;
}

/** The page program as the language service needs it (src/typecheck builds it). */
export interface PageProgram {
  /** The TypeScript language service over the program. */
  readonly service: TS.LanguageService;
  /** Replaces every cell. */
  setCells(cells: readonly LanguageCell[]): void;
  /** Replaces one cell's text. */
  setCell(id: string, code: string): void;
  /** The ids of the cells, in page order. */
  ids(): string[];
  /** One cell's diagnostics, in cell offsets. */
  cellDiagnostics(id: string): CellDiagnostic[];
  /** Where offset `at` of cell `id` is in the program; null for an unknown cell. */
  place(id: string, at: number): ProgramPlace | null;
  /** A cell's current text. */
  text(id: string): string | undefined;
}

/**
 * The language worker's state between messages. A cell sees only the cells
 * above it, so an edit re-checks that cell and those below, the edited one
 * first; one cell per `checkNext()`, so the worker reads new messages (a
 * query, the next key) between cells instead of after the whole page.
 */
export class LanguageCore {
  readonly #ts: typeof TS;
  readonly #program: PageProgram;
  /** Count of `cells` and `edit` messages read, echoed with the diagnostics. */
  #version = 0;
  /** Cells whose diagnostics are out of date, in the order they will be checked. */
  #pending: string[] = [];

  constructor(ts: typeof TS, program: PageProgram) {
    this.#ts = ts;
    this.#program = program;
  }

  /** True while some cell's diagnostics are out of date. */
  get dirty(): boolean {
    return this.#pending.length > 0;
  }

  /** Reads one message; a query is answered at once, texts are checked by `checkNext()`. */
  handle(request: LanguageRequest): LanguageEvent | null {
    switch (request.type) {
      case 'init':
        return null;
      case 'cells':
        this.#version += 1;
        this.#program.setCells(request.cells);
        this.#pending = this.#program.ids();
        return null;
      case 'edit': {
        this.#version += 1;
        this.#program.setCell(request.cellId, request.code);
        const ids = this.#program.ids();
        const below = ids.slice(Math.max(0, ids.indexOf(request.cellId)));
        const rest = this.#pending.filter((id) => !below.includes(id) && ids.includes(id));
        this.#pending = [...below, ...rest];
        return null;
      }
      case 'query':
        try {
          return { type: 'reply', id: request.id, answer: this.answer(request.query) };
        } catch (error) {
          return { type: 'failed', id: request.id, message: String(error) };
        }
    }
  }

  /** Checks the next out-of-date cell with the texts read so far (null: none left). */
  checkNext(): LanguageEvent | null {
    const id = this.#pending.shift();
    if (id === undefined) return null;
    const remaining = this.#pending.length;
    return {
      type: 'diagnostics',
      version: this.#version,
      cells: { [id]: this.#program.cellDiagnostics(id) },
      remaining,
    };
  }

  /** Checks every out-of-date cell; the diagnostics of all of them in one event. */
  checkAll(): LanguageEvent {
    const cells: Record<string, CellDiagnostic[]> = {};
    for (let id = this.#pending.shift(); id !== undefined; id = this.#pending.shift()) {
      cells[id] = this.#program.cellDiagnostics(id);
    }
    return { type: 'diagnostics', version: this.#version, cells, remaining: 0 };
  }

  /** The answer to one query, in cell offsets. */
  answer(query: LanguageQuery): LanguageAnswers[LanguageQuery['kind']] {
    const place = this.#program.place(query.cellId, query.at);
    if (place === null) return null;
    const { service } = this.#program;
    const ts = this.#ts;
    switch (query.kind) {
      case 'completions':
        return completionsAt(
          ts,
          service,
          place.fileName,
          place.pos,
          query.at,
          this.#program.text(query.cellId) ?? '',
        );
      case 'quickInfo':
        return quickInfoAt(ts, service, place.fileName, place.pos, place.toCell);
      case 'signatureHelp':
        return signatureHelpAt(ts, service, place.fileName, place.pos);
    }
  }
}
