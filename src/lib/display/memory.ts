import { barChart, type Chart } from './bar-chart.ts';
import { round, withOwnIds } from './svg-parts.ts';

/** A reading of this agent's memory, or why there is none. */
export type MemoryReading =
  | { bytes: number; source: 'measureUserAgentSpecificMemory' | 'process.memoryUsage' }
  | { bytes: null; source: 'unavailable'; reason: string };

interface MeasuringPerformance {
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
}

/**
 * Measures memory the way the platform allows: in a cross-origin isolated
 * browser page or worker with `performance.measureUserAgentSpecificMemory()`
 * (Chromium; it may wait for a garbage collection, hence `timeoutMs`), in
 * Node with `process.memoryUsage()` (heap plus array buffers). Elsewhere it
 * says why there is no number instead of inventing one.
 */
export async function measureMemory(options: { timeoutMs?: number } = {}): Promise<MemoryReading> {
  const { timeoutMs = 3000 } = options;
  const measure = (performance as unknown as MeasuringPerformance).measureUserAgentSpecificMemory;
  if (typeof measure === 'function') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        measure.call(performance),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), timeoutMs);
        }),
      ]);
      if (result) return { bytes: result.bytes, source: 'measureUserAgentSpecificMemory' };
      return {
        bytes: null,
        source: 'unavailable',
        reason: `the browser gave no measurement within ${timeoutMs} ms (it waits for a garbage collection)`,
      };
    } catch (error) {
      return { bytes: null, source: 'unavailable', reason: String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
  const node = (
    globalThis as { process?: { memoryUsage?: () => { heapUsed: number; arrayBuffers: number } } }
  ).process;
  if (typeof node?.memoryUsage === 'function') {
    const usage = node.memoryUsage();
    return { bytes: usage.heapUsed + usage.arrayBuffers, source: 'process.memoryUsage' };
  }
  const inWorker = typeof (globalThis as { document?: unknown }).document === 'undefined';
  return {
    bytes: null,
    source: 'unavailable',
    reason: inWorker
      ? 'performance.measureUserAgentSpecificMemory() is not offered to workers such as this kernel (Chromium has it on cross-origin isolated pages)'
      : 'performance.measureUserAgentSpecificMemory() is missing here (it needs Chromium and a cross-origin isolated page)',
  };
}

const MIB = 1024 * 1024;

/**
 * Bytes per label as a bar chart in MiB, e.g. how much memory each way of
 * handing data to a worker holds at its peak. Text: `label: N MiB` per bar.
 *
 * @example
 * display(memoryChart({ copy: 2 * size, transfer: size, share: size }));
 */
export function memoryChart(
  bytes: Readonly<Record<string, number>>,
  options: { title?: string } = {},
): Chart {
  const entries = Object.entries(bytes);
  if (entries.length === 0) throw new TypeError('Expected `bytes` to name at least one amount');
  const { title = 'Memory (MiB)' } = options;
  const chart = barChart(
    Object.fromEntries(entries.map(([label, value]) => [label, round(value / MIB, 1)])),
    { title, yLabel: 'MiB' },
  );
  const text = [
    title,
    ...entries.map(([label, value]) => `${label}: ${round(value / MIB, 1)} MiB`),
  ].join('\n');
  return { svg: withOwnIds(chart.svg), text };
}
