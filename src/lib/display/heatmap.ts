/** Options of `heatmap`. */
export interface HeatmapOptions {
  /** Columns of the grid. */
  width: number;
  /** Rows of the grid. */
  height: number;
  /** Value drawn black. @default the smallest value */
  min?: number;
  /** Value drawn white. @default the largest value */
  max?: number;
  /** Draw a colour bar with ticks to the right of the grid. @default true */
  colorBar?: boolean;
}

/** A drawn heat map, ready for `display`: the canvas (where the platform has one) and its text form. */
export interface Heatmap {
  /** The picture; null where there is no `OffscreenCanvas` (Node), where only `text` is shown. */
  image: OffscreenCanvas | null;
  /** `canvas 800×800, hot 0–100, colour bar, checksum 1a2b3c4d`: what tests compare. */
  text: string;
  /** FNV-1a (32 bits) of the values, as 8 hex digits: equal grids give equal checksums. */
  checksum: string;
}

const BAR_GAP = 14;
const BAR_WIDTH = 22;
const BAR_LABELS = 44;

/**
 * The "hot" colour map of matplotlib: black, through red and yellow, to
 * white, for `t` from 0 to 1. Returns `[r, g, b]`, each 0–255.
 */
export function hotColor(t: number): [number, number, number] {
  const clamp = (x: number) => Math.round(255 * Math.min(1, Math.max(0, x)));
  return [clamp(t / 0.365), clamp((t - 0.365) / 0.381), clamp((t - 0.746) / 0.254)];
}

/** FNV-1a over each value's 64-bit float bytes, as 8 hex digits. */
export function checksumOf(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  let hash = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) {
    view.setFloat64(0, values[i] ?? Number.NaN, true);
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function checkOptions(values: ArrayLike<number>, options: HeatmapOptions): void {
  const { width, height } = options ?? {};
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`Expected \`${name}\` to be a positive integer, got ${String(value)}`);
    }
  }
  if (typeof values?.length !== 'number' || values.length !== width * height) {
    throw new TypeError(
      `Expected \`values\` to hold width × height = ${width * height} numbers, got ${String(values?.length)}`,
    );
  }
}

function paint(
  values: ArrayLike<number>,
  width: number,
  height: number,
  min: number,
  max: number,
  colorBar: boolean,
): OffscreenCanvas | null {
  if (typeof OffscreenCanvas !== 'function') return null;
  const total = colorBar ? width + BAR_GAP + BAR_WIDTH + BAR_LABELS : width;
  const canvas = new OffscreenCanvas(total, height);
  const context = canvas.getContext('2d');
  if (!context) return null;
  const span = max - min || 1;
  const steps = 1024;
  const palette = Array.from({ length: steps + 1 }, (_, k) => hotColor(k / steps));
  const pixels = context.createImageData(width, height);
  const data = pixels.data;
  for (let i = 0; i < width * height; i++) {
    const t = Math.min(1, Math.max(0, ((values[i] ?? min) - min) / span));
    const [r, g, b] = palette[Math.round(t * steps)] ?? [0, 0, 0];
    data[i * 4] = r;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = b;
    data[i * 4 + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
  if (!colorBar) return canvas;
  const left = width + BAR_GAP;
  for (let y = 0; y < height; y++) {
    const [r, g, b] = hotColor(1 - y / Math.max(1, height - 1));
    context.fillStyle = `rgb(${r} ${g} ${b})`;
    context.fillRect(left, y, BAR_WIDTH, 1);
  }
  context.strokeStyle = '#555';
  context.strokeRect(left + 0.5, 0.5, BAR_WIDTH - 1, height - 1);
  context.fillStyle = '#777';
  context.font = '12px sans-serif';
  context.textBaseline = 'middle';
  for (let k = 0; k <= 4; k++) {
    const y = Math.round(((4 - k) / 4) * (height - 1));
    const value = min + (span * k) / 4;
    context.fillRect(left + BAR_WIDTH, y, 4, 1);
    const label = Number.isInteger(value) ? String(value) : value.toFixed(1);
    const at = Math.min(height - 8, Math.max(8, y));
    context.fillText(label, left + BAR_WIDTH + 7, at);
  }
  return canvas;
}

/**
 * A grid of numbers drawn as a heat map (the "hot" colour map, like
 * matplotlib's `imshow(…, cmap='hot')` + `colorbar()`), row by row, first
 * row on top. In a worker or page it draws on an `OffscreenCanvas`; in Node
 * only the text form exists. `display(heatmap(…))` shows it.
 *
 * @example
 * display(heatmap(counts, { width: 800, height: 800, min: 0, max: 100 }));
 */
export function heatmap(values: ArrayLike<number>, options: HeatmapOptions): Heatmap {
  checkOptions(values, options);
  const { width, height, colorBar = true } = options;
  let { min, max } = options;
  if (min === undefined || max === undefined) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] ?? 0;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    min ??= low;
    max ??= high;
  }
  const checksum = checksumOf(values);
  const bar = colorBar ? ', colour bar' : '';
  return {
    image: paint(values, width, height, min, max, colorBar),
    text: `canvas ${width}×${height}, hot ${min}–${max}${bar}, checksum ${checksum}`,
    checksum,
  };
}
