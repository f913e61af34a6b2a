/**
 * The lazily loaded half of the notebook: the kernel client, the queue, output
 * rendering and the output checker. `boot.ts` imports this on the first
 * pointer or focus inside the notebook.
 */
import { compareOutput } from '../../cells/compare.ts';
import { outputText } from '../../cells/output-text.ts';
import { pageLang } from '../../i18n/ui.ts';
import { createKernel } from './create-kernel.ts';
import type { EditStore } from './edit-store.ts';
import type { StartedWorker } from './kernel-worker.ts';
import { Notebook } from './notebook.ts';
import type { NoticeBoard } from './notices.ts';

/**
 * Builds the page's notebook with the real kernel; `started` is the kernel's worker when the
 * page started it already (see `boot-notebook.ts`).
 */
export function loadNotebook(
  root: Document,
  store: EditStore,
  notices: NoticeBoard,
  started?: StartedWorker,
): Notebook {
  const location = root.defaultView?.location ?? globalThis.location;
  return new Notebook({
    root,
    createKernel: () => createKernel(location, started, undefined, pageLang(root)),
    store,
    checker: { outputText, compareOutput },
    notices,
  });
}
