import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/** Syntax colours for Starlight's dark theme (the light one is CodeMirror's default, see `lightHighlight`). */
const darkHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#c678dd' },
  { tag: [tags.name, tags.deleted, tags.character, tags.macroName], color: '#e06c75' },
  { tag: [tags.function(tags.variableName), tags.labelName], color: '#61afef' },
  { tag: [tags.color, tags.constant(tags.name), tags.standard(tags.name)], color: '#d19a66' },
  { tag: [tags.definition(tags.name), tags.separator], color: '#e5e7eb' },
  {
    tag: [tags.typeName, tags.className, tags.number, tags.changed, tags.annotation],
    color: '#e5c07b',
  },
  {
    tag: [tags.operator, tags.operatorKeyword, tags.url, tags.escape, tags.regexp],
    color: '#56b6c2',
  },
  { tag: [tags.meta, tags.comment], color: '#9aa3b2', fontStyle: 'italic' },
  { tag: [tags.atom, tags.bool, tags.special(tags.variableName)], color: '#d19a66' },
  { tag: [tags.processingInstruction, tags.string, tags.inserted], color: '#98c379' },
  { tag: tags.invalid, color: '#ff8080' },
]);

/** Layout and colours taken from Starlight's custom properties, so both themes fit. */
const base = EditorView.theme({
  '&': {
    color: 'var(--sl-color-text, inherit)',
    backgroundColor: 'transparent',
    fontSize: 'var(--sl-text-code, 0.875rem)',
  },
  '.cm-scroller': {
    fontFamily: 'var(--__sl-font-mono, var(--sl-font-mono, ui-monospace, monospace))',
    lineHeight: 'var(--sl-line-height, 1.65)',
  },
  '.cm-content': { padding: '0.75rem 0', caretColor: 'var(--sl-color-text, currentColor)' },
  '.cm-line': { padding: '0 1rem' },
  '&.cm-focused': {
    outline: '2px solid var(--sl-color-text-accent, Highlight)',
    outlineOffset: '-2px',
  },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--sl-color-accent-low, #c7d2fe) !important',
  },
  '.cm-cursor': { borderLeftColor: 'var(--sl-color-text, currentColor)' },
});

function isDark(root: HTMLElement): boolean {
  return root.getAttribute('data-theme') === 'dark';
}

/**
 * CodeMirror's default colours, with the few that fall under 4.5:1 on the
 * cell's light background (`#f6f7f9`) darkened: type names, regular
 * expressions, invalid code.
 */
const DARKER: Record<string, string> = { '#085': '#006b44', '#e40': '#b83200', '#f00': '#c00000' };
const lightHighlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' && DARKER[spec.color] !== undefined
      ? { ...spec, color: DARKER[spec.color] }
      : spec,
  ),
);

function highlightFor(root: HTMLElement): Extension {
  return syntaxHighlighting(isDark(root) ? darkHighlight : lightHighlight);
}

/**
 * The editor theme, following Starlight's `data-theme` on `<html>` as the
 * reader switches between light and dark.
 * @returns the extension, and a function that stops following the theme.
 */
export function starlightTheme(root: HTMLElement): {
  extension: Extension;
  follow(view: EditorView): () => void;
} {
  const highlight = new Compartment();
  return {
    extension: [base, highlight.of(highlightFor(root))],
    follow(view) {
      const observer = new MutationObserver(() => {
        view.dispatch({ effects: highlight.reconfigure(highlightFor(root)) });
      });
      observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
      return () => observer.disconnect();
    },
  };
}
