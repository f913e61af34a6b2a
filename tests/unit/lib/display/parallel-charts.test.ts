import { describe, expect, test } from 'vitest';
import {
  measureMemory,
  memoryChart,
  speedupChart,
  timelineChart,
  toDisplayData,
} from '../../../../src/lib/display/index.ts';

describe('speedupChart', () => {
  test('computes speedups against one worker and lists them as text', () => {
    const chart = speedupChart(
      [
        { workers: 2, ms: 500 },
        { workers: 1, ms: 1000 },
        { workers: 4, ms: 400 },
      ],
      { cores: 2 },
    );
    expect(chart.text).toBe(
      'Speedup over one worker\n1 worker: 1000 ms, 1×\n2 workers: 500 ms, 2×\n4 workers: 400 ms, 2.5×',
    );
    expect(chart.svg).toContain('2 cores');
    expect(toDisplayData(chart)).toMatchObject({ mime: 'image/svg+xml', text: chart.text });
  });

  test('refuses points that are not measurements', () => {
    expect(() => speedupChart([])).toThrow(/non-empty array/);
    expect(() => speedupChart([{ workers: 0, ms: 1 }])).toThrow(/positive integer `workers`/);
  });
});

describe('timelineChart', () => {
  test('draws one lane per worker and sums busy time', () => {
    const chart = timelineChart([
      { lane: 0, label: 'a', start: 10, end: 20 },
      { lane: 1, label: 'b', start: 10, end: 40 },
      { lane: 0, label: 'c', start: 20, end: 30 },
    ]);
    expect(chart.text).toBe(
      'Tasks on workers\n3 tasks on 2 workers over 30 ms\nworker 0: 2 tasks, busy 20 ms\nworker 1: 1 task, busy 30 ms',
    );
    expect(chart.svg.match(/<rect /g)).toHaveLength(3);
    expect(chart.svg).toContain('c on worker 0: 10–20 ms');
  });
});

test('charts in one page get ids of their own', () => {
  const ids = (svg: string) => svg.match(/aria-labelledby="([^"]+)"/)?.[1];
  const first = ids(speedupChart([{ workers: 1, ms: 1 }]).svg);
  const second = ids(timelineChart([{ lane: 0, start: 0, end: 1 }]).svg);
  const third = ids(memoryChart({ a: 1 }).svg);
  expect(new Set([first, second, third]).size).toBe(3);
  expect(first).toMatch(/^yb-chart-\w+-\d+-t yb-chart-\w+-\d+-d$/);
});

describe('memory', () => {
  test('memoryChart shows bytes as MiB', () => {
    const chart = memoryChart({ copy: 128 * 1024 * 1024, transfer: 64 * 1024 * 1024 });
    expect(chart.text).toBe('Memory (MiB)\ncopy: 128 MiB\ntransfer: 64 MiB');
  });

  test('measureMemory reads Node’s own figures here', async () => {
    const reading = await measureMemory();
    expect(reading.source).toBe('process.memoryUsage');
    expect(reading.bytes).toBeGreaterThan(0);
  });
});
