import { normalizeOutput } from '../../cells/output-text.ts';

/**
 * The compared output text of a rendered `[data-cell-output]`, built from the
 * DOM as docs/cells.md "Output text" says: each item's `data-output-text`
 * (else its text), stream items as they are, others followed by a newline;
 * then trailing spaces and final newlines removed. It equals `outputText(items)`.
 */
export function domOutputText(output: Element): string {
  let text = '';
  for (const item of output.querySelectorAll<HTMLElement>('[data-output-item]')) {
    const own = item.getAttribute('data-output-text') ?? item.textContent ?? '';
    text +=
      item.getAttribute('data-output-item') === 'stream' || own.endsWith('\n') ? own : `${own}\n`;
  }
  return normalizeOutput(text);
}
