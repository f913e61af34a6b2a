import type { ElementContent } from 'hast';
import type { OutputCheck } from '../../cells/types.ts';

/** Placeholders allowed in `check=shape` output blocks (docs/cells.md). */
const PLACEHOLDER = /\{(?:int|number|word|any|lines)\}/g;

/**
 * The children of an expected-output `<pre>`: plain text, or for `check=shape` the text
 * with each placeholder wrapped in `<span class="yb-ph">` so readers see what varies.
 * The `<pre>`'s text content stays exactly the output block.
 */
export function expectedOutputChildren(text: string, check: OutputCheck): ElementContent[] {
  if (check === 'exact') return [{ type: 'text', value: text }];
  const children: ElementContent[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) children.push({ type: 'text', value: text.slice(last, match.index) });
    children.push({
      type: 'element',
      tagName: 'span',
      properties: { className: ['yb-ph'] },
      children: [{ type: 'text', value: match[0] }],
    });
    last = match.index + match[0].length;
  }
  if (last < text.length) children.push({ type: 'text', value: text.slice(last) });
  return children;
}
