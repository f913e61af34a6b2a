import { Compartment } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { CELL_ATTR } from '../../cells/markup.ts';
import { EDITOR, pageLang } from '../../i18n/ui.ts';
import { createView } from '../editor/create-view.ts';
import { cellId, originalSource, part } from './dom.ts';
import { markEdited } from './edit-marks.ts';
import type { EditStore } from './edit-store.ts';
import type { LanguageSession } from './language-session.ts';
import { showLessonChanged } from './lesson-changed.ts';
import { editorOf, registerEditor } from './source.ts';
import { textHash } from './text-hash.ts';

/** Open editors and their language slot, so the service can join them once it starts. */
const openViews = new Map<HTMLElement, { view: EditorView; slot: Compartment }>();
/** The language service, once the reader's first edit has started it. */
let language: Promise<LanguageSession> | undefined;

/**
 * Starts the language service on the reader's first edit (never before: the
 * page ships none of TypeScript until someone types) and gives every open
 * editor its extensions.
 */
function startLanguage(store: EditStore): Promise<LanguageSession> {
  language ??= import('./language-session.ts').then((module) => {
    const session = module.startLanguageSession(document, store);
    for (const [cell, { view, slot }] of openViews) {
      view.dispatch({ effects: slot.reconfigure(session.attach(cell, view)) });
    }
    return session;
  });
  return language;
}

/** Options of `openCellEditor`. */
export interface OpenEditorOptions {
  store: EditStore;
  /** Focus the editor once it is there (the reader clicked or pressed Enter). */
  focus: boolean;
  /** Where the reader clicked, to put the cursor there. */
  at?: { x: number; y: number };
  /**
   * How long typing must pause before an edit is saved.
   * @default 400
   */
  saveDelayMs?: number;
}

/**
 * Replaces a cell's static code with a CodeMirror editor holding its current
 * source. Edits are saved (debounced) per lesson and cell, and the cell shows
 * the "edited" mark and Revert button while its code differs from the lesson's.
 */
export function openCellEditor(cell: HTMLElement, options: OpenEditorOptions): void {
  const code = part(cell, CELL_ATTR.code);
  if (code === null) return;
  const open = editorOf(cell);
  if (open !== undefined) {
    if (options.focus) code.querySelector<HTMLElement>('.cm-content')?.focus();
    return;
  }
  const id = cellId(cell);
  const original = originalSource(cell);
  const { store } = options;
  // A saved edit made from other lesson code: say so before the editor shows it.
  showLessonChanged(cell, store);
  const delay = options.saveDelayMs ?? 400;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let latest = store.load(id) ?? original;
  const save = () => {
    clearTimeout(pending);
    pending = undefined;
    if (latest === original) store.remove(id);
    // An edit keeps the hash of the lesson's code it started from; a first edit takes today's.
    else store.save(id, latest, store.authored(id) ?? textHash(original));
  };

  const host = document.createElement('div');
  host.className = 'yb-cell__editor';
  const slot = new Compartment();
  const view = createView({
    doc: latest,
    parent: host,
    label: EDITOR[pageLang(cell)].codeLabel(id),
    first: slot.of([]),
    onChange(next, byReader) {
      latest = next;
      if (byReader || language !== undefined) {
        void startLanguage(store).then((session) => session.edited(cell, next));
      }
      markEdited(cell, next !== original);
      clearTimeout(pending);
      pending = setTimeout(save, delay);
    },
    onEscape() {
      part(cell, CELL_ATTR.run)?.focus();
    },
  });
  // The editor is now the tab stop and carries the name; the wrapper steps aside.
  code.removeAttribute('tabindex');
  code.removeAttribute('role');
  code.removeAttribute('aria-label');
  code.replaceChildren(host);
  code.setAttribute('data-editor-open', '');
  view.contentDOM.addEventListener('blur', () => {
    if (pending !== undefined) save();
  });
  addEventListener('pagehide', () => {
    if (pending !== undefined) save();
  });
  openViews.set(cell, { view, slot });
  void language?.then((session) => {
    view.dispatch({ effects: slot.reconfigure(session.attach(cell, view)) });
  });
  registerEditor(cell, {
    read: () => view.state.doc.toString(),
    replace(next) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      save();
    },
  });
  if (options.focus) {
    view.focus();
    const pos = options.at === undefined ? null : view.posAtCoords(options.at);
    view.dispatch({ selection: { anchor: pos ?? view.state.doc.length } });
  }
}
