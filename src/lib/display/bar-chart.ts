/** Options of `barChart`. */
export interface BarChartOptions {
  /** Title, shown above the chart and read first by screen readers. */
  title?: string;
  /** Label of the category axis. */
  xLabel?: string;
  /** Label of the value axis. */
  yLabel?: string;
  /** @default 480 */
  width?: number;
  /** @default 280 */
  height?: number;
}

/** A chart ready for `display`: SVG markup plus a text fallback listing the values. */
export interface Chart {
  svg: string;
  text: string;
}

const escapeXml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

function entries(data: unknown): [string, number][] {
  const pairs: [string, unknown][] =
    data instanceof Map
      ? [...data].map(([k, v]) => [String(k), v])
      : Array.isArray(data)
        ? data.map((item: unknown, i) =>
            typeof item === 'object' && item !== null && 'value' in item
              ? [
                  String((item as { label?: unknown }).label ?? i),
                  (item as { value: unknown }).value,
                ]
              : [String(i), item],
          )
        : typeof data === 'object' && data !== null
          ? Object.entries(data)
          : [];
  if (pairs.length === 0) {
    throw new TypeError(
      `Expected \`data\` to be a non-empty object, Map or array of numbers, got ${String(data)}`,
    );
  }
  return pairs.map(([label, value]) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(
        `Expected the value of \`${label}\` to be a finite number, got ${String(value)}`,
      );
    }
    return [label, value];
  });
}

/**
 * An accessible bar chart: the SVG has a title, a description listing every
 * value, axis labels and the value written on each bar.
 *
 * @example
 * display(barChart({ sync: 120, async: 35 }, { title: 'Time (ms)', yLabel: 'ms' }));
 */
export function barChart(
  data:
    | Readonly<Record<string, number>>
    | ReadonlyMap<string, number>
    | readonly number[]
    | readonly { label: string; value: number }[],
  options: BarChartOptions = {},
): Chart {
  const bars = entries(data);
  const { title = 'Bar chart', xLabel = '', yLabel = '', width = 480, height = 280 } = options;
  const max = Math.max(0, ...bars.map(([, v]) => v)) || 1;
  const top = 36;
  const bottom = 44;
  const left = 48;
  const plotHeight = height - top - bottom;
  const slot = (width - left - 12) / bars.length;
  const listing = bars.map(([label, value]) => `${label}: ${value}`).join(', ');
  const rects = bars
    .map(([label, value], i) => {
      const h = (Math.max(0, value) / max) * plotHeight;
      const x = left + i * slot + slot * 0.15;
      const y = top + plotHeight - h;
      const w = slot * 0.7;
      return (
        `<g role="listitem" aria-label="${escapeXml(`${label}: ${value}`)}">` +
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="currentColor" opacity="0.7"/>` +
        `<text x="${(x + w / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="11">${escapeXml(String(value))}</text>` +
        `<text x="${(x + w / 2).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle" font-size="11">${escapeXml(label)}</text>` +
        '</g>'
      );
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="t d">` +
    `<title id="t">${escapeXml(title)}</title><desc id="d">${escapeXml(listing)}</desc>` +
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>` +
    `<line x1="${left}" y1="${top + plotHeight}" x2="${width - 8}" y2="${top + plotHeight}" stroke="currentColor"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="currentColor"/>` +
    `<g role="list">${rects}</g>` +
    (xLabel
      ? `<text x="${width / 2}" y="${height - 6}" text-anchor="middle" font-size="12">${escapeXml(xLabel)}</text>`
      : '') +
    (yLabel
      ? `<text transform="rotate(-90)" x="${-(top + plotHeight / 2)}" y="14" text-anchor="middle" font-size="12">${escapeXml(yLabel)}</text>`
      : '') +
    '</svg>';
  const text = [title, ...bars.map(([label, value]) => `${label}: ${value}`)].join('\n');
  return { svg, text };
}
