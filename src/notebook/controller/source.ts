import { cellId, originalSource } from './dom.ts';
import type { EditStore } from './edit-store.ts';

/** What the page can do with a cell's open editor. */
export interface EditorHandle {
  /** The text in the editor now. */
  read(): string;
  /** Replaces the whole text (Revert). */
  replace(code: string): void;
}

/** Open editors, keyed by cell element. */
const editors = new WeakMap<HTMLElement, EditorHandle>();

/** Registers a cell's open editor, so runs use what the reader sees. */
export function registerEditor(cell: HTMLElement, handle: EditorHandle): void {
  editors.set(cell, handle);
}

/** The cell's open editor, if any. */
export function editorOf(cell: HTMLElement): EditorHandle | undefined {
  return editors.get(cell);
}

/**
 * The code a run of `cell` uses: the open editor's text, else the saved edit,
 * else the source the lesson was written with.
 */
export function currentSource(cell: HTMLElement, store: EditStore): string {
  return editors.get(cell)?.read() ?? store.load(cellId(cell)) ?? originalSource(cell);
}
