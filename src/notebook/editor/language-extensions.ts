/**
 * What the TypeScript language service adds to a cell editor: completion
 * (typing, or Ctrl+Space), the type and doc comment under the pointer or at
 * the cursor (Alt+I or F2), signature help inside a call's parentheses
 * (opens on `(` and `,`, or Ctrl+Shift+Space), and the diagnostics the page
 * pushes in (underlined; F8 goes to the next, Ctrl+Shift+M lists them).
 * Escape closes whichever of these is open before it leaves the editor.
 */
import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
  closeCompletion,
  completionKeymap,
  completionStatus,
} from '@codemirror/autocomplete';
import { type Diagnostic, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { type EditorState, type Extension, Prec, StateEffect, StateField } from '@codemirror/state';
import {
  EditorView,
  hoverTooltip,
  keymap,
  showTooltip,
  type Tooltip,
  type ViewUpdate,
} from '@codemirror/view';
import { EDITOR, pageLang } from '../../i18n/ui.ts';
import type { CellDiagnostic, QuickInfo, SignatureHelp } from '../language/protocol.ts';
import type { LanguageClient } from '../language-client.ts';

/** What the extensions need: the page's client and the cell this editor edits. */
export interface LanguageBinding {
  client: Pick<LanguageClient, 'query'>;
  cellId: string;
}

/** Completion kinds CodeMirror has icons for. */
const ICON_KINDS: Record<string, string> = {
  method: 'method',
  function: 'function',
  'local function': 'function',
  property: 'property',
  getter: 'property',
  setter: 'property',
  var: 'variable',
  let: 'variable',
  const: 'constant',
  'local var': 'variable',
  parameter: 'variable',
  class: 'class',
  interface: 'interface',
  type: 'type',
  enum: 'enum',
  keyword: 'keyword',
  module: 'namespace',
  // A name from a cell above: the page program imports it.
  alias: 'variable',
};

function completionSource(binding: LanguageBinding) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[\w$]+/u);
    const afterDot = context.matchBefore(/\.\s*/u) !== null;
    if (word === null && !afterDot && !context.explicit) return null;
    const controller = new AbortController();
    context.addEventListener('abort', () => controller.abort());
    const list = await binding.client.query(
      { kind: 'completions', cellId: binding.cellId, at: context.pos, explicit: context.explicit },
      controller.signal,
    );
    if (list === null || list.entries.length === 0) return null;
    const options = list.entries.map((entry): Completion => {
      const type = ICON_KINDS[entry.kind];
      return {
        label: entry.label,
        ...(type === undefined ? {} : { type }),
        detail: entry.kind,
        // TypeScript's sort text is a small number as a string: "11" before "15".
        boost: -Math.min(99, Number.parseInt(entry.sortText, 10) || 0),
      };
    });
    return { from: word?.from ?? context.pos, options, validFor: /^[\w$]*$/u };
  };
}

/** The tooltip's body: the declaration in code style, then the doc comment. */
function quickInfoDom(info: QuickInfo): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'yb-ts-info';
  const signature = document.createElement('code');
  signature.className = 'yb-ts-info__signature';
  signature.textContent = info.signature;
  dom.append(signature);
  if (info.documentation !== '') {
    const doc = document.createElement('p');
    doc.className = 'yb-ts-info__doc';
    doc.textContent = info.documentation;
    dom.append(doc);
  }
  return dom;
}

function quickInfoTooltip(info: QuickInfo): Tooltip {
  return {
    pos: info.from,
    end: info.to,
    above: true,
    create: () => ({ dom: quickInfoDom(info) }),
  };
}

function hover(binding: LanguageBinding): Extension {
  return hoverTooltip(async (_view, pos) => {
    const info = await binding.client.query({ kind: 'quickInfo', cellId: binding.cellId, at: pos });
    return info === null ? null : quickInfoTooltip(info);
  });
}

const setKeyboardInfo = StateEffect.define<QuickInfo | null>();

/** The quick info shown from the keyboard; any edit or cursor move closes it. */
const keyboardInfo = StateField.define<Tooltip | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setKeyboardInfo))
        return effect.value === null ? null : quickInfoTooltip(effect.value);
    }
    return tr.docChanged || tr.selection !== undefined ? null : value;
  },
  provide: (field) => showTooltip.from(field),
});

const setSignature = StateEffect.define<{ help: SignatureHelp; pos: number } | null>();

function signatureDom(help: SignatureHelp): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'yb-ts-signature';
  const signature = help.signatures[help.active] ?? help.signatures[0];
  if (signature === undefined) return dom;
  const code = document.createElement('code');
  const { label, parameter } = signature;
  if (parameter === null) {
    code.textContent = label;
  } else {
    const active = document.createElement('strong');
    active.textContent = label.slice(parameter.from, parameter.to);
    code.append(label.slice(0, parameter.from), active, label.slice(parameter.to));
  }
  dom.append(code);
  const text = parameter?.documentation || signature.documentation;
  if (text !== '') {
    const doc = document.createElement('p');
    doc.className = 'yb-ts-info__doc';
    doc.textContent = text;
    dom.append(doc);
  }
  if (help.signatures.length > 1) {
    const count = document.createElement('p');
    count.className = 'yb-ts-info__doc';
    count.textContent = EDITOR[pageLang(document)].overloads(
      help.active + 1,
      help.signatures.length,
    );
    dom.append(count);
  }
  return dom;
}

/** Signature help: open while the cursor is inside a call's arguments. */
const signatureField = StateField.define<Tooltip | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setSignature)) {
        if (effect.value === null) return null;
        const { help, pos } = effect.value;
        return { pos, above: true, create: () => ({ dom: signatureDom(help) }) };
      }
    }
    return value === null ? null : { ...value, pos: tr.changes.mapPos(value.pos) };
  },
  provide: (field) => showTooltip.from(field),
});

async function askSignature(view: EditorView, binding: LanguageBinding): Promise<void> {
  // Called from an update listener: let the page send this very edit to the worker first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const pos = view.state.selection.main.head;
  const doc = view.state.doc;
  const help = await binding.client.query({
    kind: 'signatureHelp',
    cellId: binding.cellId,
    at: pos,
  });
  // The reader moved on while the worker answered: the next update asks again.
  if (view.state.doc !== doc || view.state.selection.main.head !== pos) return;
  const open = view.state.field(signatureField, false) ?? null;
  if (help === null || help.signatures.length === 0) {
    if (open !== null) view.dispatch({ effects: setSignature.of(null) });
    return;
  }
  view.dispatch({ effects: setSignature.of({ help, pos }) });
}

/** Asks for signature help on `(` and `,`, and refreshes it while it is open. */
function signatureTrigger(binding: LanguageBinding): Extension {
  return EditorView.updateListener.of((update: ViewUpdate) => {
    const open = update.state.field(signatureField, false) ?? null;
    let typedTrigger = false;
    for (const tr of update.transactions) {
      if (!tr.isUserEvent('input')) continue;
      tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => {
        if (/[(,]/u.test(inserted.toString())) typedTrigger = true;
      });
    }
    if (typedTrigger || (open !== null && (update.docChanged || update.selectionSet))) {
      void askSignature(update.view, binding);
    }
  });
}

async function showInfoAtCursor(view: EditorView, binding: LanguageBinding): Promise<void> {
  const pos = view.state.selection.main.head;
  const info = await binding.client.query({ kind: 'quickInfo', cellId: binding.cellId, at: pos });
  if (view.state.selection.main.head !== pos) return;
  view.dispatch({ effects: setKeyboardInfo.of(info) });
}

/** Starts an asynchronous command and tells the keymap the key was handled. */
function fire(command: Promise<void>): true {
  void command;
  return true;
}

function anyPopupOpen(state: EditorState): boolean {
  return (
    completionStatus(state) !== null ||
    (state.field(keyboardInfo, false) ?? null) !== null ||
    (state.field(signatureField, false) ?? null) !== null
  );
}

/** Escape closes the open popups first; only with none open does it leave the editor. */
function escapeKeymap(): Extension {
  return Prec.highest(
    keymap.of([
      {
        key: 'Escape',
        run(view) {
          if (!anyPopupOpen(view.state)) return false;
          closeCompletion(view);
          view.dispatch({ effects: [setKeyboardInfo.of(null), setSignature.of(null)] });
          return true;
        },
      },
    ]),
  );
}

/** Tooltips in Starlight's colours, so both themes keep their contrast. */
const tooltipTheme = EditorView.theme({
  '.cm-tooltip': {
    backgroundColor: 'var(--sl-color-bg-nav, Canvas)',
    color: 'var(--sl-color-white, CanvasText)',
    border: '1px solid var(--sl-color-gray-5, GrayText)',
    borderRadius: '0.25rem',
    maxWidth: 'min(40rem, 90vw)',
  },
  '.yb-ts-info, .yb-ts-signature': { padding: '0.25rem 0.5rem' },
  '.yb-ts-info code, .yb-ts-signature code': {
    whiteSpace: 'pre-wrap',
    fontFamily: 'var(--__sl-font-mono, ui-monospace, monospace)',
    background: 'none',
  },
  '.yb-ts-info__doc': { margin: '0.25rem 0 0', whiteSpace: 'pre-wrap' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--sl-color-accent-high, Highlight)',
    color: 'var(--sl-color-black, HighlightText)',
  },
  '.cm-completionDetail': { color: 'inherit', opacity: '1', fontStyle: 'italic' },
  '.cm-diagnostic': { color: 'var(--sl-color-white, CanvasText)' },
});

/**
 * The language extensions of one cell editor. Put them before the editor's
 * own Escape binding, so a popup closes before focus leaves.
 */
export function languageExtensions(binding: LanguageBinding): Extension {
  return [
    escapeKeymap(),
    autocompletion({ override: [completionSource(binding)], icons: true }),
    Prec.high(
      keymap.of([
        ...completionKeymap,
        ...lintKeymap,
        // Not Ctrl+K: the site's search takes it.
        { key: 'Alt-i', run: (view) => fire(showInfoAtCursor(view, binding)) },
        { key: 'F2', run: (view) => fire(showInfoAtCursor(view, binding)) },
        { key: 'Mod-Shift-Space', run: (view) => fire(askSignature(view, binding)) },
      ]),
    ),
    hover(binding),
    keyboardInfo,
    signatureField,
    signatureTrigger(binding),
    tooltipTheme,
  ];
}

/** The diagnostics of a cell as CodeMirror's lint shows them, clamped to the text. */
export function toLintDiagnostics(
  diagnostics: readonly CellDiagnostic[],
  length: number,
): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const from = Math.min(diagnostic.from, length);
    return {
      from,
      to: Math.max(from, Math.min(diagnostic.to, length)),
      severity: diagnostic.severity,
      source: `TS${diagnostic.code}`,
      message: diagnostic.message,
    };
  });
}

/** Replaces the diagnostics an editor shows. */
export function showDiagnostics(view: EditorView, diagnostics: readonly CellDiagnostic[]): void {
  view.dispatch(setDiagnostics(view.state, toLintDiagnostics(diagnostics, view.state.doc.length)));
}
