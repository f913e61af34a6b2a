import type { Element, ElementContent, Properties } from 'hast';
import type { CellSpec } from '../../cells/types.ts';
import { expectedOutputChildren } from './expected-output.ts';

function h(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/**
 * A cell's raw source as the content of a JSON `<script>`. `<` is escaped so no source
 * text (`</script>`, `<!--`) can end the element early; `JSON.parse` reads it back as is.
 */
function sourceJson(source: string): string {
  return JSON.stringify(source)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/**
 * The notebook toolbar that precedes the first cell of a page (docs/cells.md). Buttons
 * start disabled; the page script enables them once it runs.
 */
export function toolbarElement(): Element {
  return h(
    'div',
    {
      className: ['yb-toolbar', 'not-content'],
      dataNotebookToolbar: '',
      role: 'toolbar',
      ariaLabel: 'Notebook',
    },
    [
      h('button', { type: 'button', dataNotebookRunAll: '', disabled: true }, [text('Run all')]),
      h('button', { type: 'button', dataNotebookInterrupt: '', disabled: true }, [
        text('Interrupt'),
      ]),
      h('button', { type: 'button', dataNotebookRestart: '', disabled: true }, [text('Restart')]),
      h('span', { className: ['yb-toolbar__status'], dataKernelStatus: 'off' }, [
        text('Kernel not started'),
      ]),
      h('p', { className: ['yb-toolbar__notice'], dataNotebookNotice: '', hidden: true }),
      h('noscript', {}, [
        h('p', { className: ['yb-toolbar__noscript'] }, [
          text('Running cells needs JavaScript. The code and its expected output are shown below.'),
        ]),
      ]),
    ],
  );
}

function expectedElement(spec: CellSpec, expected: string): Element {
  const notes: Element[] = [];
  if (spec.check === 'shape') {
    notes.push(h('p', { className: ['yb-cell__note'] }, [text('Output varies; checked by shape')]));
  }
  if (spec.expectsError) {
    notes.push(h('p', { className: ['yb-cell__note'] }, [text('This cell is meant to throw')]));
  }
  return h('div', { className: ['yb-cell__expected'], dataCellExpected: '' }, [
    h('pre', {}, expectedOutputChildren(expected, spec.check)),
    ...notes,
  ]);
}

/**
 * The static markup of one cell (docs/cells.md, "Rendered markup"): toolbar row,
 * highlighted code, raw source as JSON, expected output, and an empty output area.
 *
 * @param spec the validated cell.
 * @param code the highlighted `<pre class="shiki">` of its source.
 */
export function cellElement(spec: CellSpec, code: Element): Element {
  const properties: Properties = {
    className: ['yb-cell', 'not-content'],
    dataCell: '',
    dataCellId: spec.id,
    dataCellKind: spec.kind,
    dataCellStatus: 'idle',
    dataCellCheck: spec.check,
    ...(spec.expectsError ? { dataCellExpectsError: '' } : {}),
    ...(spec.solutionFor === null ? {} : { dataCellSolutionFor: spec.solutionFor }),
    ...(spec.timeoutMs === null ? {} : { dataCellTimeout: String(spec.timeoutMs) }),
    ariaLabel: `Cell ${spec.id}`,
  };

  const children: Element[] = [
    h('div', { className: ['yb-cell__bar'] }, [
      h('span', { className: ['yb-cell__count'], dataCellCount: '' }, [text('[ ]')]),
      h('button', { type: 'button', dataCellRun: '', disabled: true }, [text('Run')]),
      h('span', { className: ['yb-cell__edited'], dataCellEdited: '', hidden: true }, [
        text('edited'),
      ]),
      h('button', { type: 'button', dataCellRevert: '', hidden: true, disabled: true }, [
        text('Revert'),
      ]),
    ]),
    h('div', { className: ['yb-cell__code'], dataCellCode: '', tabIndex: 0 }, [code]),
    h('script', { type: 'application/json', dataCellSource: '' }, [text(sourceJson(spec.source))]),
  ];
  if (spec.expected !== null) children.push(expectedElement(spec, spec.expected));
  children.push(
    h('div', { className: ['yb-cell__output'], dataCellOutput: '', ariaLive: 'polite' }),
  );
  return h('section', properties, children);
}
