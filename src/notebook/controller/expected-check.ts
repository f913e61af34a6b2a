import { attrSelector, CELL_ATTR } from '../../cells/markup.ts';
import type { OutputCheck } from '../../cells/types.ts';
import type { OutputItem } from '../../core/output-item.ts';
import { type Lang, VERDICT, type VerdictText } from '../../i18n/ui.ts';
import { part } from './dom.ts';

/** The two functions of src/cells (compare.ts, output-text.ts) the page uses, passed in. */
export interface OutputChecker {
  outputText(items: readonly OutputItem[]): string;
  compareOutput(
    actual: string,
    expected: string,
    check: OutputCheck,
  ): { ok: true } | { ok: false; diff: string };
}

/** The expected output of a cell as written, or null when it has none. */
function expectedText(cell: HTMLElement): string | null {
  const block = part(cell, CELL_ATTR.expected);
  if (block === null) return null;
  return (block.querySelector('pre') ?? block).textContent ?? '';
}

/** Puts the expected block back as it was before any run (shown, no verdict). */
export function resetExpected(cell: HTMLElement): void {
  for (const old of cell.querySelectorAll(attrSelector(CELL_ATTR.verdict))) old.remove();
  const block = part(cell, CELL_ATTR.expected);
  if (block !== null) block.hidden = false;
}

/**
 * After a run: hides the expected block, then shows a "matches" mark when the
 * output equals it, or else a toggle that brings the expected output back. A `predict`
 * cell's closed `<details>` is opened: the reader has run the cell, so the puzzle is over.
 */
export function showVerdict(
  cell: HTMLElement,
  items: readonly OutputItem[],
  checker: OutputChecker,
  lang: Lang = 'en',
): void {
  resetExpected(cell);
  const block = part(cell, CELL_ATTR.expected);
  const expected = expectedText(cell);
  if (block === null || expected === null) return;
  const check: OutputCheck = cell.getAttribute(CELL_ATTR.check) === 'shape' ? 'shape' : 'exact';
  const verdict = checker.compareOutput(checker.outputText(items), expected, check);
  block.hidden = true;
  const words = VERDICT[lang];
  block.before(verdict.ok ? matchMark(words) : toggle(cell, block, words));
  const predict = block.closest(attrSelector(CELL_ATTR.predict));
  if (predict instanceof HTMLDetailsElement) predict.open = true;
}

function matchMark(words: VerdictText): HTMLElement {
  const mark = document.createElement('p');
  mark.className = 'yb-cell__verdict';
  mark.setAttribute(CELL_ATTR.verdict, 'match');
  const tick = document.createElement('span');
  tick.setAttribute('aria-hidden', 'true');
  tick.textContent = '✓ ';
  mark.append(tick, words.matches);
  return mark;
}

function toggle(cell: HTMLElement, block: HTMLElement, words: VerdictText): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'yb-cell__verdict';
  button.setAttribute(CELL_ATTR.verdict, 'differs');
  block.id ||= `yb-expected-${cell.getAttribute(CELL_ATTR.id) ?? ''}`;
  button.setAttribute('aria-controls', block.id);
  const sync = () => {
    button.setAttribute('aria-expanded', String(!block.hidden));
    button.textContent = block.hidden ? words.showExpected : words.hideExpected;
  };
  button.addEventListener('click', () => {
    block.hidden = !block.hidden;
    sync();
  });
  sync();
  return button;
}
