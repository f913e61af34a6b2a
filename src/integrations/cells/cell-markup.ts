import type { Element, ElementContent, Properties } from 'hast';
import { CELL_ATTR, type CellAttr } from '../../cells/markup.ts';
import type { CellSpec } from '../../cells/types.ts';
import { BOOT, CELL, KERNEL_STATUS, type Lang, TOOLBAR } from '../../i18n/ui.ts';
import type { PrebuiltCell } from '../../notebook/transform/prebuilt.ts';
import { expectedOutputChildren } from './expected-output.ts';

function h(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

/** The hast property of a data attribute: `data-cell-id` → `dataCellId`. */
function prop(attribute: CellAttr): string {
  return attribute.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/**
 * A cell's raw source as the content of a JSON `<script>`. `<` is escaped so no source
 * text (`</script>`, `<!--`) can end the element early; `JSON.parse` reads it back as is.
 */
function sourceJson(source: unknown): string {
  return JSON.stringify(source)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/**
 * The notebook toolbar that precedes the first cell of a page (docs/cells.md), in the
 * page's language. Buttons start disabled; the page script enables them once it runs.
 */
export function toolbarElement(lang: Lang = 'en'): Element {
  const words = TOOLBAR[lang];
  return h(
    'div',
    {
      className: ['yb-toolbar', 'not-content'],
      dataNotebookToolbar: '',
      role: 'toolbar',
      ariaLabel: words.label,
    },
    [
      h('button', { type: 'button', dataNotebookRunAll: '', disabled: true }, [text(words.runAll)]),
      h('button', { type: 'button', dataNotebookInterrupt: '', disabled: true }, [
        text(words.interrupt),
      ]),
      h('button', { type: 'button', dataNotebookRestart: '', disabled: true }, [
        text(words.restart),
      ]),
      h('span', { className: ['yb-toolbar__status'], dataKernelStatus: 'off' }, [
        text(KERNEL_STATUS[lang].off),
      ]),
      // The page script's own words, here so that it carries no dictionary (src/i18n/ui.ts).
      h('p', {
        className: ['yb-toolbar__notice'],
        dataNotebookNotice: '',
        dataNotIsolated: BOOT[lang].notIsolated,
        dataCouldNotRun: BOOT[lang].couldNotRun,
        hidden: true,
      }),
      h('noscript', {}, [h('p', { className: ['yb-toolbar__noscript'] }, [text(words.noscript)])]),
    ],
  );
}

/** The summary of a `predict` cell's closed expected output, on English pages. */
export const PREDICT_SUMMARY = CELL.en.predictSummary;

function expectedElement(spec: CellSpec, expected: string, lang: Lang): Element {
  const words = CELL[lang];
  const notes: Element[] = [];
  if (spec.check === 'shape') {
    notes.push(h('p', { className: ['yb-cell__note'] }, [text(words.shapeNote)]));
  }
  if (spec.expectsError) {
    notes.push(h('p', { className: ['yb-cell__note'] }, [text(words.throwsNote)]));
  }
  const block = h('div', { className: ['yb-cell__expected'], [prop(CELL_ATTR.expected)]: '' }, [
    h('pre', {}, expectedOutputChildren(expected, spec.check)),
    ...notes,
  ]);
  if (!spec.predict) return block;
  // A native <details>: keyboard-reachable and openable with JavaScript off.
  return h('details', { className: ['yb-cell__predict'], [prop(CELL_ATTR.predict)]: '' }, [
    h('summary', {}, [text(words.predictSummary)]),
    block,
  ]);
}

/**
 * The static markup of one cell (docs/cells.md, "Rendered markup"): toolbar row,
 * highlighted code, raw source as JSON, expected output, and an empty output area.
 *
 * @param spec the validated cell.
 * @param code the highlighted `<pre class="shiki">` of its source.
 * @param prebuilt the cell compiled at build time, written right after the source so
 *   gzip finds the text they share; null when it does not compile.
 * @param lang the language of the page's own words (buttons, notes, names).
 */
export function cellElement(
  spec: CellSpec,
  code: Element,
  prebuilt: PrebuiltCell | null = null,
  lang: Lang = 'en',
): Element {
  const words = CELL[lang];
  const properties: Properties = {
    className: ['yb-cell', 'not-content'],
    [prop(CELL_ATTR.cell)]: '',
    [prop(CELL_ATTR.id)]: spec.id,
    [prop(CELL_ATTR.kind)]: spec.kind,
    [prop(CELL_ATTR.status)]: 'idle',
    [prop(CELL_ATTR.check)]: spec.check,
    ...(spec.expectsError ? { [prop(CELL_ATTR.expectsError)]: '' } : {}),
    ...(spec.solutionFor === null ? {} : { [prop(CELL_ATTR.solutionFor)]: spec.solutionFor }),
    ...(spec.timeoutMs === null ? {} : { [prop(CELL_ATTR.timeout)]: String(spec.timeoutMs) }),
    ariaLabel: words.label(spec.id),
  };

  const children: Element[] = [
    h('div', { className: ['yb-cell__bar'] }, [
      h('span', { className: ['yb-cell__count'], [prop(CELL_ATTR.count)]: '' }, [text('[ ]')]),
      h('button', { type: 'button', [prop(CELL_ATTR.run)]: '', disabled: true }, [text(words.run)]),
      h('span', { className: ['yb-cell__edited'], [prop(CELL_ATTR.edited)]: '', hidden: true }, [
        text(words.edited),
      ]),
      h('button', { type: 'button', [prop(CELL_ATTR.revert)]: '', hidden: true, disabled: true }, [
        text(words.revert),
      ]),
    ]),
    h(
      'div',
      {
        className: ['yb-cell__code'],
        [prop(CELL_ATTR.code)]: '',
        [prop(CELL_ATTR.editLabel)]: BOOT[lang].codeLabel(spec.id),
        tabIndex: 0,
      },
      [code],
    ),
    h('script', { type: 'application/json', [prop(CELL_ATTR.source)]: '' }, [
      text(sourceJson(spec.source)),
    ]),
  ];
  if (prebuilt !== null) {
    children.push(
      h('script', { type: 'application/json', [prop(CELL_ATTR.compiled)]: '' }, [
        text(sourceJson(prebuilt)),
      ]),
    );
  }
  if (spec.expected !== null) children.push(expectedElement(spec, spec.expected, lang));
  children.push(
    h('div', { className: ['yb-cell__output'], [prop(CELL_ATTR.output)]: '', ariaLive: 'polite' }),
  );
  return h('section', properties, children);
}
