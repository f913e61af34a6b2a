import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, indentUnit } from '@codemirror/language';
import { EditorState, type Extension, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { starlightTheme } from './theme.ts';

/** What a cell editor reports back. */
export interface ViewOptions {
  doc: string;
  parent: HTMLElement;
  /** Accessible name of the editable area. */
  label: string;
  /**
   * The text changed; `byReader` is true for typing, pasting and deleting,
   * false for changes the page made (Revert).
   */
  onChange(code: string, byReader: boolean): void;
  /** Escape: the page moves focus out of the editor. */
  onEscape(): void;
  /** Extensions that come before the editor's own keys (the language service's slot). */
  first?: Extension;
}

/**
 * A CodeMirror 6 view for TypeScript: no line numbers, tab size 2. Tab is left
 * to the browser (focus moves on), so the editor is never a keyboard trap.
 */
export function createView(options: ViewOptions): EditorView {
  const root = options.parent.ownerDocument.documentElement;
  const theme = starlightTheme(root);
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        options.first ?? [],
        Prec.highest(
          keymap.of([
            {
              key: 'Escape',
              run: () => {
                options.onEscape();
                return true;
              },
            },
          ]),
        ),
        history(),
        indentOnInput(),
        bracketMatching(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        javascript({ typescript: true }),
        EditorState.tabSize.of(2),
        indentUnit.of('  '),
        theme.extension,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          const byReader = update.transactions.some(
            (tr) =>
              tr.isUserEvent('input') ||
              tr.isUserEvent('delete') ||
              tr.isUserEvent('undo') ||
              tr.isUserEvent('redo'),
          );
          options.onChange(update.state.doc.toString(), byReader);
        }),
      ],
    }),
  });
  theme.follow(view);
  return view;
}
