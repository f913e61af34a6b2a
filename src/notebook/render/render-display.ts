import type { DisplayData } from '../../core/display-data.ts';
import { OUTPUT, pageLang } from '../../i18n/ui.ts';
import { safeDownloadType } from '../../lib/display/download.ts';
import { sanitizeHtml, sanitizeSvg } from './sanitize.ts';

type Mime<M extends DisplayData['mime']> = Extract<DisplayData, { mime: M }>;

/** Object URLs made for images, so the view can revoke them when an element goes. */
export type UrlTracker = (element: HTMLElement, url: string) => void;

/**
 * Builds the content of a `display` item from its mime-specific data. Markup
 * (HTML, SVG) is filled in once the sanitiser has loaded; the element is
 * returned at once so output keeps its order.
 */
export function renderDisplay(data: DisplayData, track: UrlTracker): HTMLElement {
  switch (data.mime) {
    case 'text/plain':
      return textBlock(data.text);
    case 'text/html':
      return markup('yb-output__html', sanitizeHtml(data.html));
    case 'image/svg+xml':
      return markup('yb-output__svg', sanitizeSvg(data.svg));
    case 'image/png':
      return image(data, track);
    case 'application/vnd.yieldbook.table+json':
      return table(data);
    case 'application/vnd.yieldbook.progress+json':
      return progress(data);
    case 'application/vnd.yieldbook.download+json':
      return downloadLink(data, track);
  }
}

function textBlock(text: string): HTMLElement {
  const pre = document.createElement('pre');
  pre.textContent = text;
  return pre;
}

function markup(className: string, content: Promise<DocumentFragment>): HTMLElement {
  const element = document.createElement('div');
  element.className = className;
  content.then(
    (fragment) => element.replaceChildren(fragment),
    (error: unknown) => {
      element.textContent = OUTPUT[pageLang(element)].couldNotShow(String(error));
    },
  );
  return element;
}

function image(data: Mime<'image/png'>, track: UrlTracker): HTMLElement {
  const img = document.createElement('img');
  const url = URL.createObjectURL(data.blob);
  img.src = url;
  img.width = data.width;
  img.height = data.height;
  img.alt = data.text;
  img.className = 'yb-output__image';
  track(img, url);
  return img;
}

/**
 * A link that saves the file. The page makes the object URL itself (a URL made
 * in the kernel would die with the worker), and `download` keeps the browser
 * from opening the file as a page.
 */
function downloadLink(
  data: Mime<'application/vnd.yieldbook.download+json'>,
  track: UrlTracker,
): HTMLElement {
  const link = document.createElement('a');
  // The data comes from cell code: the page, not the cell, decides the type it is saved with.
  const blob = data.blob.slice(0, data.blob.size, safeDownloadType(data.blob.type));
  const url = URL.createObjectURL(blob);
  link.href = url;
  link.download = data.filename.replace(/[/\\]/g, '_');
  link.className = 'yb-output__download';
  link.textContent = data.text;
  track(link, url);
  return link;
}

function table(data: Mime<'application/vnd.yieldbook.table+json'>): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'yb-output__table';
  const element = document.createElement('table');
  const headRow = element.createTHead().insertRow();
  for (const column of data.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    headRow.append(th);
  }
  const body = element.createTBody();
  for (const row of data.rows) {
    const tr = body.insertRow();
    for (const value of row) tr.insertCell().textContent = value;
  }
  wrap.append(element);
  return wrap;
}

function progress(data: Mime<'application/vnd.yieldbook.progress+json'>): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'yb-output__progress';
  const bar = document.createElement('progress');
  const label = document.createElement('span');
  wrap.append(bar, ' ', label);
  updateProgress(wrap, data);
  return wrap;
}

/**
 * Moves a progress bar made by `renderDisplay` forward in place. Replacing the
 * element on every step would make the polite live region announce each step.
 * @returns false when `element` is not a progress bar.
 */
export function updateProgress(
  element: HTMLElement,
  data: Mime<'application/vnd.yieldbook.progress+json'>,
): boolean {
  const bar = element.querySelector('progress');
  const label = element.querySelector('span');
  if (bar === null || label === null) return false;
  bar.setAttribute('aria-label', data.label || OUTPUT[pageLang(element)].progress);
  if (data.total === null) {
    // An indeterminate bar until the end, since the length is unknown.
    if (data.finished) {
      bar.max = 1;
      bar.value = 1;
    } else {
      bar.removeAttribute('value');
    }
  } else {
    bar.max = Math.max(data.total, 1);
    bar.value = Math.min(data.done, bar.max);
  }
  label.textContent = data.text;
  return true;
}
