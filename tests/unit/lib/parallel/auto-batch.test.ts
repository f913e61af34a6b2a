import { describe, expect, test } from 'vitest';
import { AutoBatcher } from '../../../../src/lib/parallel/auto-batch.ts';

describe('AutoBatcher', () => {
  test('starts at one call and goes straight to the size that would take 0.4 s', () => {
    const batcher = new AutoBatcher('auto');
    expect(batcher.size).toBe(1);
    // One tiny call came back in 50 µs: 0.4 s holds 8000 of them.
    batcher.completed(1, 0.05);
    expect(batcher.size).toBe(8000);
    // 8000 calls came back in 40 ms: 0.4 s holds 80 000.
    batcher.completed(8000, 40);
    expect(batcher.size).toBe(80_000);
  });

  test('slower calls get smaller batches', () => {
    const batcher = new AutoBatcher('auto');
    batcher.completed(1, 100);
    expect(batcher.size).toBe(4);
    batcher.completed(4, 50);
    expect(batcher.size).toBe(32);
  });

  test('keeps the size between 0.2 s and 2 s, on a moving average', () => {
    const batcher = new AutoBatcher('auto');
    batcher.completed(1, 1);
    expect(batcher.size).toBe(400);
    batcher.completed(400, 300);
    expect(batcher.size).toBe(400);
    // 0.8 × 300 + 0.2 × 100 = 260 ms: still in the range.
    batcher.completed(400, 100);
    expect(batcher.size).toBe(400);
    // 0.8 × 260 + 0.2 × 1900 = 588 ms, then 0.8 × 588 + 0.2 × 10 000 = 2470 ms: too slow.
    batcher.completed(400, 1900);
    expect(batcher.size).toBe(400);
    batcher.completed(400, 10_000);
    expect(batcher.size).toBe(2 * Math.floor((400 * 200) / 2470.4));
  });

  test('shrinks batches slower than 2 s, but never below one call', () => {
    const batcher = new AutoBatcher('auto');
    batcher.completed(1, 10);
    expect(batcher.size).toBe(40);
    batcher.completed(40, 4000);
    expect(batcher.size).toBe(4);
    batcher.completed(4, 100_000);
    expect(batcher.size).toBe(1);
    // One call per batch is as small as it gets, however slow.
    batcher.completed(1, 100_000);
    expect(batcher.size).toBe(1);
  });

  test('ignores batches of another size and durations of zero', () => {
    const batcher = new AutoBatcher('auto');
    batcher.completed(1, 0);
    expect(batcher.size).toBe(1);
    batcher.completed(1, 1);
    expect(batcher.size).toBe(400);
    // The other first batches, of one call each, come back after the size changed.
    batcher.completed(1, 0.01);
    expect(batcher.size).toBe(400);
  });

  test('a fixed size never changes', () => {
    const batcher = new AutoBatcher(10);
    batcher.completed(10, 0.01);
    batcher.completed(10, 100_000);
    expect(batcher.size).toBe(10);
  });
});
