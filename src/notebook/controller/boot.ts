/**
 * The notebook's entry, loaded by lesson pages. Everything else is imported
 * from here on demand; see `boot-notebook.ts`.
 */
import { bootNotebook } from './boot-notebook.ts';

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => bootNotebook(document), { once: true });
} else {
  bootNotebook(document);
}
