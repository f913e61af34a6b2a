import type { Chart } from './bar-chart.ts';
import { escapeXml, round, svgOpen } from './svg-parts.ts';

/** One measurement: the same work done with `workers` workers in `ms` milliseconds. */
export interface SpeedupPoint {
  workers: number;
  ms: number;
}

/** Options of `speedupChart`. */
export interface SpeedupChartOptions {
  /** @default 'Speedup over one worker' */
  title?: string;
  /** @default 480 */
  width?: number;
  /** @default 280 */
  height?: number;
  /** Draws a line where the speedup stops growing: the number of cores. */
  cores?: number;
}

function checkPoints(points: readonly SpeedupPoint[]): void {
  if (!Array.isArray(points) || points.length === 0) {
    throw new TypeError('Expected `points` to be a non-empty array of { workers, ms }');
  }
  for (const point of points) {
    if (!Number.isInteger(point?.workers) || point.workers < 1 || !(point.ms > 0)) {
      throw new TypeError(
        `Expected each point to have a positive integer \`workers\` and a positive \`ms\`, got ${JSON.stringify(point)}`,
      );
    }
  }
}

/**
 * Speedup against the number of workers: the measured curve (time with one
 * worker divided by time with n) and the ideal line y = n. The text form
 * lists each point as `n workers: T ms, S×`.
 *
 * @example
 * display(speedupChart([{ workers: 1, ms: 800 }, { workers: 2, ms: 420 }], { cores: cpuCount() }));
 */
export function speedupChart(
  points: readonly SpeedupPoint[],
  options: SpeedupChartOptions = {},
): Chart {
  checkPoints(points);
  const { title = 'Speedup over one worker', width = 480, height = 280, cores } = options;
  const sorted = [...points].sort((a, b) => a.workers - b.workers);
  const base =
    sorted.find((p) => p.workers === 1)?.ms ??
    (sorted[0] as SpeedupPoint).ms * (sorted[0] as SpeedupPoint).workers;
  const rows = sorted.map((p) => ({ ...p, speedup: base / p.ms }));
  const maxX = Math.max(...rows.map((r) => r.workers), cores ?? 1);
  const maxY = Math.max(maxX, ...rows.map((r) => r.speedup));
  const left = 48;
  const top = 36;
  const plotW = width - left - 16;
  const plotH = height - top - 44;
  const x = (n: number) => left + ((n - 1) / Math.max(maxX - 1, 1)) * plotW;
  const y = (s: number) => top + plotH - (s / maxY) * plotH;
  const listing = rows
    .map(
      (r) =>
        `${r.workers} worker${r.workers === 1 ? '' : 's'}: ${round(r.ms)} ms, ${round(r.speedup, 2)}×`,
    )
    .join('\n');
  const measured = rows
    .map((r) => `${x(r.workers).toFixed(1)},${y(r.speedup).toFixed(1)}`)
    .join(' ');
  const dots = rows
    .map(
      (r) =>
        `<g role="listitem" aria-label="${escapeXml(`${r.workers} workers: ${round(r.speedup, 2)}×`)}">` +
        `<circle cx="${x(r.workers).toFixed(1)}" cy="${y(r.speedup).toFixed(1)}" r="4" fill="currentColor"/>` +
        `<text x="${x(r.workers).toFixed(1)}" y="${(y(r.speedup) - 8).toFixed(1)}" text-anchor="middle" font-size="11">${round(r.speedup, 2)}×</text>` +
        `<text x="${x(r.workers).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${r.workers}</text></g>`,
    )
    .join('');
  const coreLine =
    cores && cores <= maxX
      ? `<line x1="${x(cores).toFixed(1)}" y1="${top}" x2="${x(cores).toFixed(1)}" y2="${top + plotH}" stroke="currentColor" stroke-dasharray="2 4"/>` +
        // Written at the foot of the line, left of it, clear of the "ideal" label at the top right.
        `<text x="${(x(cores) - 4).toFixed(1)}" y="${top + plotH - 6}" text-anchor="end" font-size="11">${cores} cores</text>`
      : '';
  const svg =
    svgOpen(width, height, title, listing) +
    `<line x1="${left}" y1="${top + plotH}" x2="${width - 8}" y2="${top + plotH}" stroke="currentColor"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="currentColor"/>` +
    `<line x1="${x(1)}" y1="${y(1)}" x2="${x(maxX).toFixed(1)}" y2="${y(maxX).toFixed(1)}" stroke="currentColor" stroke-dasharray="6 4" opacity="0.5"/>` +
    `<text x="${(x(maxX) - 4).toFixed(1)}" y="${(y(maxX) + 14).toFixed(1)}" text-anchor="end" font-size="11" opacity="0.7">ideal</text>` +
    coreLine +
    `<polyline points="${measured}" fill="none" stroke="currentColor" stroke-width="2"/>` +
    `<g role="list">${dots}</g>` +
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle" font-size="12">workers</text>` +
    `<text transform="rotate(-90)" x="${-(top + plotH / 2)}" y="14" text-anchor="middle" font-size="12">speedup</text>` +
    '</svg>';
  return { svg, text: `${title}\n${listing}` };
}
