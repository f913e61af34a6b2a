import type { Chart } from './bar-chart.ts';
import { escapeXml, round, svgOpen } from './svg-parts.ts';

/** One task on one worker lane, times in milliseconds (e.g. `WorkerPool.timeline()`). */
export interface TimelineTask {
  lane: number;
  label?: string;
  start: number;
  end: number;
}

/** Options of `timelineChart`. */
export interface TimelineChartOptions {
  /** @default 'Tasks on workers' */
  title?: string;
  /** @default 560 */
  width?: number;
}

/**
 * Tasks as bars on one lane per worker, against time: where workers were
 * busy, idle or waiting for the next task. The text form counts tasks and
 * busy time per lane.
 *
 * @example
 * display(timelineChart(pool.timeline()));
 */
export function timelineChart(
  tasks: readonly TimelineTask[],
  options: TimelineChartOptions = {},
): Chart {
  if (!Array.isArray(tasks) || tasks.length === 0) {
    throw new TypeError('Expected `tasks` to be a non-empty array of { lane, start, end }');
  }
  const { title = 'Tasks on workers', width = 560 } = options;
  const lanes = [...new Set(tasks.map((t) => t.lane))].sort((a, b) => a - b);
  const t0 = Math.min(...tasks.map((t) => t.start));
  const t1 = Math.max(...tasks.map((t) => t.end));
  const span = Math.max(t1 - t0, 1e-3);
  const left = 72;
  const top = 36;
  const laneH = 22;
  const plotW = width - left - 16;
  const height = top + lanes.length * laneH + 40;
  const x = (t: number) => left + ((t - t0) / span) * plotW;
  const summary = lanes.map((lane) => {
    const own = tasks.filter((t) => t.lane === lane);
    const busy = own.reduce((sum, t) => sum + (t.end - t.start), 0);
    return `worker ${lane}: ${own.length} task${own.length === 1 ? '' : 's'}, busy ${round(busy)} ms`;
  });
  const head = `${tasks.length} tasks on ${lanes.length} worker${lanes.length === 1 ? '' : 's'} over ${round(span)} ms`;
  const bars = tasks
    .map((t) => {
      const row = lanes.indexOf(t.lane);
      const bx = x(t.start);
      const bw = Math.max(x(t.end) - bx, 1);
      const label = `${t.label ?? 'task'} on worker ${t.lane}: ${round(t.start - t0)}–${round(t.end - t0)} ms`;
      return (
        `<rect role="listitem" aria-label="${escapeXml(label)}" x="${bx.toFixed(1)}" y="${top + row * laneH + 3}" width="${bw.toFixed(1)}" height="${laneH - 6}" fill="currentColor" opacity="0.6" stroke="currentColor">` +
        `<title>${escapeXml(label)}</title></rect>`
      );
    })
    .join('');
  const laneLabels = lanes
    .map(
      (lane, row) =>
        `<text x="${left - 6}" y="${top + row * laneH + laneH / 2 + 4}" text-anchor="end" font-size="11">worker ${lane}</text>`,
    )
    .join('');
  const axisY = top + lanes.length * laneH + 4;
  const svg =
    svgOpen(width, height, title, `${head}. ${summary.join('; ')}`) +
    laneLabels +
    `<g role="list">${bars}</g>` +
    `<line x1="${left}" y1="${axisY}" x2="${left + plotW}" y2="${axisY}" stroke="currentColor"/>` +
    `<text x="${left}" y="${axisY + 16}" font-size="11">0 ms</text>` +
    `<text x="${left + plotW}" y="${axisY + 16}" text-anchor="end" font-size="11">${round(span)} ms</text>` +
    '</svg>';
  return { svg, text: [title, head, ...summary].join('\n') };
}
