import type { OutputItem } from '../../core/output-item.ts';
import { type Lang, OUTPUT, pageLang } from '../../i18n/ui.ts';
import { nextFrame, type Schedule } from './frame-batcher.ts';
import { renderDisplay, updateProgress } from './render-display.ts';
import { renderError } from './render-error.ts';

/** Options of an `OutputView`. */
export interface OutputViewOptions {
  /**
   * How DOM writes are deferred.
   * @default nextFrame (one batch per animation frame)
   */
  schedule?: Schedule;
}

/** The text a `dropped` item shows (and is compared by). */
function droppedText(chars: number, lang: Lang): string {
  return OUTPUT[lang].dropped(chars);
}

/**
 * Renders a cell's output items into its `[data-cell-output]` element, one
 * element per item with `data-output-item="<kind>"` (docs/cells.md). Items are
 * queued and written once per frame, so a flood of console output costs one
 * DOM update per frame instead of one per line.
 */
export class OutputView {
  readonly #container: HTMLElement;
  readonly #schedule: Schedule;
  #pending: OutputItem[] = [];
  #scheduled = false;
  /** The `<pre>` that stream text is appended to while it is the last element. */
  #stream: HTMLPreElement | null = null;
  readonly #displays = new Map<string, HTMLElement>();
  #dropped: HTMLElement | null = null;
  readonly #urls = new Map<HTMLElement, string>();

  constructor(container: HTMLElement, options: OutputViewOptions = {}) {
    this.#container = container;
    this.#schedule = options.schedule ?? nextFrame;
  }

  /** Queues items; they appear at the next frame. */
  append(items: readonly OutputItem[]): void {
    if (items.length === 0) return;
    this.#pending.push(...items);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#schedule(() => this.flush());
  }

  /** Writes every queued item now. */
  flush(): void {
    this.#scheduled = false;
    const items = this.#pending;
    this.#pending = [];
    for (const item of items) this.#write(item);
  }

  /** Removes all output (and what is still queued), releasing image URLs. */
  clear(): void {
    this.#pending = [];
    this.#stream = null;
    this.#dropped = null;
    this.#displays.clear();
    for (const url of this.#urls.values()) URL.revokeObjectURL(url);
    this.#urls.clear();
    this.#container.replaceChildren();
  }

  #write(item: OutputItem): void {
    switch (item.kind) {
      case 'stream':
        this.#writeStream(item.stream, item.text);
        return;
      case 'display':
        this.#writeDisplay(item);
        return;
      case 'result':
        this.#add(itemElement('pre', 'result', item.text));
        return;
      case 'error':
        this.#add(renderError(item.error, item.late));
        return;
      case 'dropped':
        // Counts are cumulative: the latest notice replaces the earlier one, in place.
        if (this.#dropped?.isConnected === true) {
          this.#dropped.textContent = droppedText(item.chars, pageLang(this.#container));
        } else {
          this.#dropped = itemElement(
            'p',
            'dropped',
            droppedText(item.chars, pageLang(this.#container)),
          );
          this.#add(this.#dropped);
        }
        return;
    }
  }

  #add(element: HTMLElement): void {
    this.#container.append(element);
  }

  #writeStream(stream: 'stdout' | 'stderr', text: string): void {
    let pre = this.#stream;
    if (pre === null || pre !== this.#container.lastElementChild) {
      pre = itemElement('pre', 'stream', '');
      this.#container.append(pre);
      this.#stream = pre;
    }
    const last = pre.lastChild;
    if (stream === 'stdout') {
      if (last instanceof Text) last.appendData(text);
      else pre.append(text);
      return;
    }
    pre.setAttribute('data-stderr', '');
    if (last instanceof HTMLElement && last.getAttribute('data-stream') === 'stderr') {
      last.append(text);
      return;
    }
    const span = document.createElement('span');
    span.className = 'yb-output__stderr';
    span.setAttribute('data-stream', 'stderr');
    span.textContent = text;
    pre.append(span);
  }

  #writeDisplay(item: Extract<OutputItem, { kind: 'display' }>): void {
    const previous = this.#displays.get(item.displayId);
    if (previous?.isConnected) {
      const { data } = item;
      if (
        data.mime === 'application/vnd.yieldbook.progress+json' &&
        previous.getAttribute('data-mime') === data.mime &&
        updateProgress(previous, data)
      ) {
        previous.setAttribute('data-output-text', data.text);
        return;
      }
      const element = this.#displayElement(item);
      this.#release(previous);
      previous.replaceWith(element);
      return;
    }
    this.#add(this.#displayElement(item));
  }

  #displayElement(item: Extract<OutputItem, { kind: 'display' }>): HTMLElement {
    const element = document.createElement('div');
    element.className = 'yb-output__display';
    element.setAttribute('data-output-item', 'display');
    element.setAttribute('data-display-id', item.displayId);
    element.setAttribute('data-mime', item.data.mime);
    element.setAttribute('data-output-text', item.data.text);
    element.append(renderDisplay(item.data, (owner, url) => this.#urls.set(owner, url)));
    this.#displays.set(item.displayId, element);
    return element;
  }

  #release(element: HTMLElement): void {
    for (const [owner, url] of this.#urls) {
      if (element.contains(owner)) {
        URL.revokeObjectURL(url);
        this.#urls.delete(owner);
      }
    }
  }
}

function itemElement<K extends 'pre' | 'p'>(
  tag: K,
  kind: OutputItem['kind'],
  text: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = `yb-output__${kind}`;
  element.setAttribute('data-output-item', kind);
  element.textContent = text;
  return element;
}
