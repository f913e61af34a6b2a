/**
 * The page's language service, started on the reader's first edit: the
 * worker, the diagnostics list under each cell, and the language extensions
 * of every open editor. Loaded from `cell-editor.ts` with `import()`, so the
 * page ships none of it before that edit.
 */

import { typeBundleUrl } from 'virtual:yieldbook/type-bundle';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { languageExtensions, showDiagnostics } from '../editor/language-extensions.ts';
import { LanguageClient, type PageDiagnostics } from '../language-client.ts';
import { renderDiagnostics } from './diagnostics-list.ts';
import { cellId, findCells } from './dom.ts';
import type { EditStore } from './edit-store.ts';
import { currentSource } from './source.ts';
import { warnOnRun } from './type-warnings.ts';

/** On `<html>`: `loading`, `ready` once the first diagnostics arrived, or `failed`. */
export const SERVICE_ATTR = 'data-language-service';

/** A started language service, bound to the page's cells. */
export interface LanguageSession {
  /** The extensions for the editor of `cell`; its diagnostics are pushed to `view`. */
  attach(cell: HTMLElement, view: EditorView): Extension;
  /** A cell's text changed. */
  edited(cell: HTMLElement, code: string): void;
}

/** Starts the worker with every cell's current text and wires its diagnostics into the page. */
export function startLanguageSession(root: ParentNode, store: EditStore): LanguageSession {
  const cells = findCells(root);
  const client = new LanguageClient({
    createWorker() {
      // Written out in full so Vite sees the pattern and bundles the worker.
      const worker = new Worker(new URL('../language/language.worker.ts', import.meta.url), {
        type: 'module',
      });
      return {
        postMessage: (message: unknown) => worker.postMessage(message),
        addEventListener: (type: 'message' | 'error', listener: (event: never) => void) =>
          worker.addEventListener(type, listener as (event: Event) => void),
        terminate: () => worker.terminate(),
      };
    },
    cells: cells.map((cell) => ({ id: cellId(cell), code: currentSource(cell, store) })),
    typeBundleUrl,
  });
  const views = new Map<string, EditorView>();
  // `loading` → `ready` (first diagnostics) or `failed`: for tests and benchmarks to wait on.
  const html = document.documentElement;
  html.setAttribute(SERVICE_ATTR, 'loading');
  client.onFailure((message) => {
    html.setAttribute(SERVICE_ATTR, 'failed');
    console.warn(message);
  });
  warnOnRun(cells);
  const byId = new Map(cells.map((cell) => [cellId(cell), cell]));
  client.onDiagnostics((checked: PageDiagnostics) => {
    html.setAttribute(SERVICE_ATTR, 'ready');
    for (const [id, list] of Object.entries(checked)) {
      const cell = byId.get(id);
      if (cell !== undefined) renderDiagnostics(cell, list);
      const view = views.get(id);
      if (view !== undefined) showDiagnostics(view, list);
    }
  });
  return {
    attach(cell, view) {
      const id = cellId(cell);
      views.set(id, view);
      return languageExtensions({ client, cellId: id });
    },
    edited(cell, code) {
      client.edit(cellId(cell), code);
    },
  };
}
