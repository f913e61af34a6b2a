/**
 * The eager half of the notebook, kept small: it enables the buttons, wires them and the keyboard, shows saved edits, and
 * imports the rest (kernel client, output rendering, editor) only when needed.
 * The kernel starts on the first pointer or focus inside the notebook, so the
 * first Run does not wait for it. Its worker is started right there, in this script: it
 * fetches and evaluates its modules while the page downloads the kernel client.
 */
import { attrSelector, CELL_ATTR } from '../../cells/markup.ts';
import { cellId, cellOf, findCells, originalSource, part, toolbarParts } from './dom.ts';
import { markEdited } from './edit-marks.ts';
import { createEditStore, type EditStore, pageStorage } from './edit-store.ts';
import { type StartedWorker, startKernelWorker } from './kernel-worker.ts';
import type { Notebook } from './notebook.ts';
import { NoticeBoard } from './notices.ts';
import { editorOf } from './source.ts';

const booted = new WeakSet<Document>();

/** Options of `bootNotebook`. */
export interface BootOptions {
  /** Starts the kernel's worker, on the first interaction that needs the kernel. @default startKernelWorker */
  startWorker?: () => StartedWorker;
}

/** Starts a worker, or leaves it to the kernel client (which reports why) when that fails. */
function tryStart(start: () => StartedWorker): StartedWorker | undefined {
  try {
    return start();
  } catch {
    return undefined;
  }
}

const BUTTONS = `${attrSelector(CELL_ATTR.run)}, [data-notebook-run-all], [data-notebook-interrupt], [data-notebook-restart]`;

/**
 * Wires the notebook of a lesson page. Safe to call more than once; pages
 * without cells are left alone. Sets `data-notebook-ready="true"` on `<html>`
 * once everything is wired.
 */
export function bootNotebook(doc: Document = document, options: BootOptions = {}): void {
  if (booted.has(doc)) return;
  const cells = findCells(doc);
  const { toolbar, notice } = toolbarParts(doc);
  if (cells.length === 0) return;
  booted.add(doc);

  const store = createEditStore(doc.location.pathname, pageStorage());
  const notices = new NoticeBoard(notice, globalThis.crossOriginIsolated === true);
  // The build wrote the page's words into its markup (src/i18n/ui.ts, `BOOT`).
  const couldNotRun = notice?.getAttribute('data-could-not-run') ?? '';
  let notebook: Promise<Notebook> | undefined;
  /** `kernel`: the action needs the kernel, so its worker starts now, beside the import. */
  const withNotebook = (action: (notebook: Notebook) => Promise<void>, kernel = true) => {
    if (notebook === undefined) {
      const started = kernel ? tryStart(options.startWorker ?? startKernelWorker) : undefined;
      notebook = import('./load-notebook.ts').then((module) =>
        module.loadNotebook(doc, store, notices, started),
      );
    }
    notebook.then(action).catch((error: unknown) => {
      notices.show(`${couldNotRun} ${String(error)}`.trim());
    });
  };
  const openEditor = (cell: HTMLElement, focus: boolean, at?: { x: number; y: number }) =>
    import('./cell-editor.ts').then((module) =>
      module.openCellEditor(cell, { store, focus, ...(at === undefined ? {} : { at }) }),
    );

  const prewarm = (event: Event) => {
    const target = event.target;
    const inside =
      target instanceof Element && (cellOf(target) !== null || toolbar?.contains(target) === true);
    if (!inside) return;
    doc.removeEventListener('pointerover', prewarm);
    doc.removeEventListener('focusin', prewarm);
    withNotebook((ready) => ready.prewarm());
  };
  doc.addEventListener('pointerover', prewarm);
  doc.addEventListener('focusin', prewarm);

  doc.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const cell = cellOf(target);
    const button = target.closest('button');
    if (button?.matches(attrSelector(CELL_ATTR.run)) && cell !== null) {
      withNotebook((ready) => ready.run(cell));
    } else if (button?.matches('[data-notebook-run-all]')) {
      withNotebook((ready) => ready.runAll());
    } else if (button?.matches('[data-notebook-interrupt]')) {
      withNotebook((ready) => ready.interrupt(), false);
    } else if (button?.matches('[data-notebook-restart]')) {
      withNotebook((ready) => ready.restart(), false);
    } else if (button?.matches(attrSelector(CELL_ATTR.revert)) && cell !== null) {
      revert(cell, store);
    } else if (cell !== null && target.closest(attrSelector(CELL_ATTR.code)) !== null) {
      if (editorOf(cell) === undefined)
        void openEditor(cell, true, { x: event.clientX, y: event.clientY });
    }
  });

  // Capture phase: Shift+Enter runs the cell before the editor would insert a line.
  doc.addEventListener(
    'keydown',
    (event) => {
      const target = event.target;
      if (event.key !== 'Enter' || !(target instanceof Element)) return;
      const cell = cellOf(target);
      if (cell === null || event.altKey || event.ctrlKey || event.metaKey) return;
      if (target.closest('button, a, summary, input, select, textarea') !== null) return;
      if (event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        withNotebook((ready) => ready.run(cell));
      } else if (target.matches(attrSelector(CELL_ATTR.code)) && editorOf(cell) === undefined) {
        event.preventDefault();
        void openEditor(cell, true);
      }
    },
    true,
  );

  const restoring: Promise<unknown>[] = [];
  for (const cell of cells) {
    const code = part(cell, CELL_ATTR.code);
    const id = cellId(cell);
    const label = code?.getAttribute(CELL_ATTR.editLabel);
    if (code !== null && label && !code.hasAttribute('aria-label')) {
      code.setAttribute('role', 'group');
      code.setAttribute('aria-label', label);
    }
    const saved = store.load(id);
    if (saved === null) continue;
    if (saved === originalSource(cell)) {
      store.remove(id);
      continue;
    }
    markEdited(cell, true);
    showStatic(cell, saved);
    restoring.push(openEditor(cell, false));
  }
  for (const button of doc.querySelectorAll<HTMLButtonElement>(BUTTONS)) button.disabled = false;

  void Promise.allSettled(restoring).then(() => {
    doc.documentElement.setAttribute('data-notebook-ready', 'true');
  });
}

/** Puts a cell back to the lesson's code: the editor's text, the saved edit and the mark. */
function revert(cell: HTMLElement, store: EditStore): void {
  const original = originalSource(cell);
  store.remove(cellId(cell));
  const editor = editorOf(cell);
  if (editor === undefined) showStatic(cell, original);
  else editor.replace(original);
  markEdited(cell, false);
  part(cell, CELL_ATTR.changed)?.remove();
  // The Revert button just hid itself; keep focus in the cell.
  part(cell, CELL_ATTR.run)?.focus();
}

/** Shows code as plain text until the editor has loaded (or if it cannot). */
function showStatic(cell: HTMLElement, code: string): void {
  const pre = part(cell, CELL_ATTR.code)?.querySelector('pre');
  if (pre !== null && pre !== undefined) pre.textContent = code;
}
