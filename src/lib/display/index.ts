/**
 * `yieldbook/display`: rich output for cells (and plain Node, where it prints
 * text fallbacks). Also available in cells as the globals `display` and
 * `progress`.
 */
export { type BarChartOptions, barChart, type Chart } from './bar-chart.ts';
export { type DisplayHandle, display, toDisplayData } from './display.ts';
export {
  type DownloadContent,
  type DownloadOptions,
  download,
  formatBytes,
  safeDownloadType,
} from './download.ts';
export {
  checksumOf,
  type Heatmap,
  type HeatmapOptions,
  heatmap,
  hotColor,
} from './heatmap.ts';
export { DISPLAY_HOOK, type DisplayEmitter, type DisplayHook } from './hook.ts';
export { type LiveText, type LiveTextOptions, liveText } from './live-text.ts';
export { type MemoryReading, measureMemory, memoryChart } from './memory.ts';
export { type ProgressOptions, progress, progressText } from './progress.ts';
export {
  type SpeedupChartOptions,
  type SpeedupPoint,
  speedupChart,
} from './speedup-chart.ts';
export { tableData as table } from './table.ts';
export { type TimelineChartOptions, type TimelineTask, timelineChart } from './timeline-chart.ts';
