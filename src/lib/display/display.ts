import { inspect } from 'node-inspect-extracted';
import type { DisplayData } from '../../core/display-data.ts';
import { type DisplayEmitter, nextDisplayId, openEmitter } from './hook.ts';
import { isRowArray, tableData } from './table.ts';

/** A shown item, which can be replaced in place. */
export interface DisplayHandle {
  readonly displayId: string;
  /** Replaces what this item shows. */
  update(value: unknown): void;
}

type ImageData_ = Extract<DisplayData, { mime: 'image/png' }>;

const has = (name: string) => typeof (globalThis as Record<string, unknown>)[name] === 'function';
const isA = (value: unknown, name: string) =>
  has(name) &&
  value instanceof ((globalThis as Record<string, unknown>)[name] as abstract new () => unknown);

function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

// The two functions below do what `/<(script|style)[\s\S]*?<\/\1>/gi` and `/<[^>]*>/g` did,
// in linear time: those patterns rescan the rest of the text from every unclosed `<`.

/** `markup` without `<script…</script>` and `<style…</style>` (any case). */
function withoutScripts(markup: string): string {
  const openings = /<(script|style)/gi;
  const unclosed = new Set<string>();
  let result = '';
  let kept = 0;
  for (let opening = openings.exec(markup); opening !== null; opening = openings.exec(markup)) {
    const name = (opening[1] ?? '').toLowerCase();
    if (unclosed.has(name)) continue;
    const closing = name === 'script' ? /<\/script>/gi : /<\/style>/gi;
    closing.lastIndex = opening.index + 1 + name.length;
    const found = closing.exec(markup);
    if (found === null) {
      // No later opening of this name can be closed either.
      unclosed.add(name);
      continue;
    }
    result += markup.slice(kept, opening.index);
    kept = found.index + found[0].length;
    openings.lastIndex = kept;
  }
  return result + markup.slice(kept);
}

/** Each `<…>` of `text` replaced by a space. */
function tagsAsSpaces(text: string): string {
  let result = '';
  let kept = 0;
  for (let open = text.indexOf('<'); open >= 0; open = text.indexOf('<', kept)) {
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    result += `${text.slice(kept, open)} `;
    kept = close + 1;
  }
  return result + text.slice(kept);
}

/** Plain-text form of SVG or HTML markup: the text between tags, or a placeholder. */
function markupText(markup: string, kind: string): string {
  const text = tagsAsSpaces(withoutScripts(markup)).replace(/\s+/g, ' ').trim();
  return text || `[${kind}]`;
}

/** Encodes a raster source as PNG where the platform can (OffscreenCanvas); null otherwise. */
async function toPng(value: unknown): Promise<ImageData_ | null> {
  if (isA(value, 'Blob')) {
    const blob = value as Blob;
    let width = 0;
    let height = 0;
    if (has('createImageBitmap')) {
      const bitmap = await createImageBitmap(blob);
      ({ width, height } = bitmap);
      bitmap.close();
    }
    return { mime: 'image/png', blob, width, height, text: `[image ${width}×${height}]` };
  }
  if (!has('OffscreenCanvas')) return null;
  let canvas: OffscreenCanvas;
  if (isA(value, 'OffscreenCanvas')) {
    canvas = value as OffscreenCanvas;
  } else if (isA(value, 'ImageData') || isA(value, 'ImageBitmap')) {
    const source = value as ImageData | ImageBitmap;
    canvas = new OffscreenCanvas(source.width, source.height);
    const context = canvas.getContext('2d');
    if (!context) return null;
    if (isA(value, 'ImageData')) context.putImageData(value as ImageData, 0, 0);
    else context.drawImage(value as ImageBitmap, 0, 0);
  } else {
    return null;
  }
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const { width, height } = canvas;
  return { mime: 'image/png', blob, width, height, text: `[image ${width}×${height}]` };
}

/** Whether `value` is a raster image source `display` encodes asynchronously. */
function isRaster(value: unknown): boolean {
  return ['Blob', 'OffscreenCanvas', 'ImageData', 'ImageBitmap'].some((name) => isA(value, name));
}

/**
 * The display data for a value that can be shown synchronously: text, HTML,
 * SVG, tables, and anything else as its inspected text. A string is always
 * text, whatever it holds (a model's answer may hold markup); markup is shown
 * only when asked for by name, as `{ svg }` or `{ html }`.
 */
export function toDisplayData(value: unknown): DisplayData {
  if (typeof value === 'string') return { mime: 'text/plain', text: value };
  if (typeof value === 'object' && value !== null) {
    const text = field(value, 'text');
    const fallback = typeof text === 'string' ? text : null;
    const html = field(value, 'html');
    if (typeof html === 'string')
      return { mime: 'text/html', html, text: fallback ?? markupText(html, 'html') };
    const svg = field(value, 'svg');
    if (typeof svg === 'string')
      return { mime: 'image/svg+xml', svg, text: fallback ?? markupText(svg, 'svg') };
    const mime = field(value, 'mime');
    if (
      typeof mime === 'string' &&
      fallback !== null &&
      mime.startsWith('application/vnd.yieldbook.')
    ) {
      return value as DisplayData;
    }
    if (isRowArray(value)) return tableData(value);
  }
  return { mime: 'text/plain', text: inspect(value, { colors: false }) };
}

/** `{ image, text }` (a `heatmap`): a raster, or null where none can be drawn, with its own text form. */
function labelledRaster(value: unknown): { image: unknown; text: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const image = field(value, 'image');
  const text = field(value, 'text');
  if (typeof text !== 'string' || !(image === null || isRaster(image))) return null;
  return { image, text };
}

function show(emit: DisplayEmitter, displayId: string, update: boolean, value: unknown): void {
  const labelled = labelledRaster(value);
  if (labelled) {
    const { image, text } = labelled;
    emit(displayId, update, { mime: 'text/plain', text });
    if (image === null) return;
    toPng(image).then(
      (png) => {
        if (png) emit(displayId, true, { ...png, text });
      },
      (error: unknown) =>
        emit(displayId, true, { mime: 'text/plain', text: `${text} [image: ${String(error)}]` }),
    );
    return;
  }
  if (!isRaster(value)) {
    emit(displayId, update, toDisplayData(value));
    return;
  }
  // Encoding is asynchronous: reserve the place now so the image lands where it was asked for.
  emit(displayId, update, { mime: 'text/plain', text: '[image]' });
  toPng(value).then(
    (png) =>
      emit(displayId, true, png ?? { mime: 'text/plain', text: '[image: not supported here]' }),
    (error: unknown) =>
      emit(displayId, true, { mime: 'text/plain', text: `[image: ${String(error)}]` }),
  );
}

/**
 * Shows a value as rich output: strings (even ones that look like markup) and
 * numbers as text, `{ svg, text? }` (a chart) as a sanitised SVG image,
 * `{ html, text? }` as sanitised HTML, canvases, ImageData, ImageBitmap and
 * Blobs as PNG, arrays of plain objects as tables, and `{ image, text }` (a
 * `heatmap`) as the image with its own text form (only the text where there
 * is no image, as in Node). Returns a handle whose `update` replaces the
 * shown item. What sanitising removes is listed in docs/kernel.md.
 *
 * @example
 * const status = display('starting…');
 * status.update('done');
 * display({ svg: '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>', text: 'a dot' });
 */
export function display(value: unknown): DisplayHandle {
  const emit = openEmitter();
  const displayId = nextDisplayId();
  show(emit, displayId, false, value);
  return {
    displayId,
    update(next: unknown) {
      show(emit, displayId, true, next);
    },
  };
}
