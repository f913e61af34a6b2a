import process from 'node:process';
import { describe, expect, it } from 'vitest';
import {
  cpuMs,
  interleavedRounds,
  pairedDifferences,
} from '../../../scripts/support/interleaved.ts';

describe('interleavedRounds', () => {
  it('warms up, then turns the order each round, keeping each target its own times', async () => {
    const calls: string[] = [];
    const target = (name: string, ms: number) => async () => {
      calls.push(name);
      return ms;
    };
    const { times, cpuPerRequest } = await interleavedRounds({
      targets: [target('a', 1), target('b', 2), target('c', 3)],
      pids: [process.pid],
      samples: 7,
      warmUp: 1,
      blocks: 3,
    });
    expect(calls.join('')).toBe('abc' + 'abc' + 'bca' + 'cab' + 'abc' + 'bca' + 'cab' + 'abc');
    expect(times).toEqual([Array(7).fill(1), Array(7).fill(2), Array(7).fill(3)]);
    // Blocks of 2 rounds, and the last round alone.
    expect(cpuPerRequest[0]).toHaveLength(4);
    for (const used of cpuPerRequest[0] ?? []) expect(used).toBeGreaterThanOrEqual(0);
  });
});

describe('cpuMs', () => {
  it('reads CPU time that only grows', async () => {
    const before = await cpuMs(process.pid);
    expect(before).toBeGreaterThan(0);
    expect(await cpuMs(process.pid)).toBeGreaterThanOrEqual(before);
  });
});

describe('pairedDifferences', () => {
  it('takes each round its direct time off', () => {
    expect(pairedDifferences([5, 7, 9], [1, 2, 3])).toEqual([4, 5, 6]);
    expect(pairedDifferences([5], [])).toEqual([Number.NaN]);
  });
});
