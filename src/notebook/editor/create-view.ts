import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, indentUnit } from '@codemirror/language';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { starlightTheme } from './theme.ts';

/** What a cell editor reports back. */
export interface ViewOptions {
  doc: string;
  parent: HTMLElement;
  /** Accessible name of the editable area. */
  label: string;
  onChange(code: string): void;
  /** Escape: the page moves focus out of the editor. */
  onEscape(): void;
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
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  theme.follow(view);
  return view;
}
