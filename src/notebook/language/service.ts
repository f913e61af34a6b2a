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
  /** Every cell's diagnostics, in cell offsets. */
  diagnostics(): Record<string, CellDiagnostic[]>;
  /** Where offset `at` of cell `id` is in the program; null for an unknown cell. */
  place(id: string, at: number): ProgramPlace | null;
  /** A cell's current text. */
  text(id: string): string | undefined;
}

/** The language worker's state between messages. */
export class LanguageCore {
  readonly #ts: typeof TS;
  readonly #program: PageProgram;
  /** Count of `cells` and `edit` messages read, echoed with the diagnostics. */
  #version = 0;
  #checked = 0;

  constructor(ts: typeof TS, program: PageProgram) {
    this.#ts = ts;
    this.#program = program;
  }

  /** True when texts changed since the last `check()`. */
  get dirty(): boolean {
    return this.#checked !== this.#version;
  }

  /** Reads one message; a query is answered at once, texts wait for `check()`. */
  handle(request: LanguageRequest): LanguageEvent | null {
    switch (request.type) {
      case 'cells':
        this.#version += 1;
        this.#program.setCells(request.cells);
        return null;
      case 'edit':
        this.#version += 1;
        this.#program.setCell(request.cellId, request.code);
        return null;
      case 'query':
        try {
          return { type: 'reply', id: request.id, answer: this.answer(request.query) };
        } catch (error) {
          return { type: 'failed', id: request.id, message: String(error) };
        }
    }
  }

  /** Checks the program with the texts read so far. */
  check(): LanguageEvent {
    this.#checked = this.#version;
    return { type: 'diagnostics', version: this.#version, cells: this.#program.diagnostics() };
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
