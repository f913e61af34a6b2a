/**
 * The one message protocol between the page and the language worker (the
 * TypeScript language service of the cell editors). Nothing else crosses that
 * `postMessage` boundary.
 *
 * Flow: the page sends `init` (where the type bundle is), then `cells` (every cell of the page, in order, with the
 * text the reader sees) when the worker starts and `edit` whenever a cell's
 * text changes; the worker then sends `diagnostics` for each cell whose
 * diagnostics may have changed, one cell per message. Completion, quick info and signature
 * help are requests with an `id`, answered by one `reply` with the same id.
 * Positions are offsets into the cell's own text, never into the page program.
 */

/** Bumped whenever a message shape changes, so a stale cached worker is noticed. */
export const LANGUAGE_PROTOCOL_VERSION = 1;

/** One cell of the page, as the language service sees it. */
export interface LanguageCell {
  id: string;
  /** The text the reader sees: the editor's, else the saved edit, else the lesson's. */
  code: string;
}

/** A TypeScript diagnostic inside one cell. */
export interface CellDiagnostic {
  /** Offsets into the cell's text. */
  from: number;
  to: number;
  /** 1-based line of `from` in the cell. */
  line: number;
  /** TypeScript's code: 2322 for "not assignable". */
  code: number;
  severity: 'error' | 'warning' | 'info';
  /** The message, its chain flattened into indented lines. */
  message: string;
}

/** One completion entry. */
export interface CompletionEntry {
  label: string;
  /** TypeScript's kind (`method`, `property`, `function`, `const`, …). */
  kind: string;
  /** TypeScript's sort text: lower sorts first. */
  sortText: string;
}

/** Completions at a position. */
export interface CompletionList {
  /** Where the word being completed starts (cell offset). */
  from: number;
  entries: CompletionEntry[];
}

/** The type and doc comment of the symbol at a position. */
export interface QuickInfo {
  /** The span the info is about (cell offsets). */
  from: number;
  to: number;
  /** The declaration as TypeScript prints it: `const n: number`. */
  signature: string;
  /** The doc comment, as plain text. */
  documentation: string;
}

/** The signatures of the call around a position. */
export interface SignatureHelp {
  /** The signatures, each as plain text, with the active parameter's span. */
  signatures: {
    label: string;
    documentation: string;
    /** Offsets into `label` of the active parameter, when there is one. */
    parameter: { from: number; to: number; documentation: string } | null;
  }[];
  active: number;
}

/** What a request asks for; `at` is an offset into the cell's text. */
export type LanguageQuery =
  | { kind: 'completions'; cellId: string; at: number; explicit: boolean }
  | { kind: 'quickInfo'; cellId: string; at: number }
  | { kind: 'signatureHelp'; cellId: string; at: number };

/** The answer to each kind of query. */
export interface LanguageAnswers {
  completions: CompletionList | null;
  quickInfo: QuickInfo | null;
  signatureHelp: SignatureHelp | null;
}

/** Page → language worker. */
export type LanguageRequest =
  /** First: where the type bundle is served (`virtual:yieldbook/type-bundle`). */
  | { type: 'init'; typeBundleUrl: string }
  /** Every cell of the page in order; replaces what the worker had. */
  | { type: 'cells'; cells: LanguageCell[] }
  /** One cell's text changed. */
  | { type: 'edit'; cellId: string; code: string }
  | { type: 'query'; id: number; query: LanguageQuery };

/** Language worker → page. */
export type LanguageEvent =
  | { type: 'ready'; protocol: number }
  /**
   * Diagnostics of the cells just checked (one at a time: the edited cell
   * first, then those below it), with the texts up to `version` (the count of
   * `cells` and `edit` messages received); `remaining` cells are still to come.
   */
  | {
      type: 'diagnostics';
      version: number;
      cells: Record<string, CellDiagnostic[]>;
      remaining: number;
    }
  | {
      type: 'reply';
      id: number;
      answer: LanguageAnswers[LanguageQuery['kind']];
    }
  /** The service could not start or failed on a message; `message` says why. */
  | { type: 'failed'; message: string; id?: number };

/** Narrowing helper for message handlers. */
export function isLanguageEvent(value: unknown): value is LanguageEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
