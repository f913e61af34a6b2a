import { afterEach, describe, expect, it, vi } from 'vitest';
import { checksumOf, display, heatmap, hotColor } from '../../../../src/lib/display/index.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('heatmap', () => {
  it('maps 0 to black, the middle through red and yellow, 1 to white', () => {
    expect(hotColor(0)).toEqual([0, 0, 0]);
    expect(hotColor(0.365)).toEqual([255, 0, 0]);
    expect(hotColor(0.746)).toEqual([255, 255, 0]);
    expect(hotColor(1)).toEqual([255, 255, 255]);
  });

  it('describes the grid in text, with a checksum that tells grids apart', () => {
    const values = [0, 1, 2, 3, 4, 5];
    const map = heatmap(values, { width: 3, height: 2, min: 0, max: 5 });
    expect(map.text).toBe(`canvas 3×2, hot 0–5, colour bar, checksum ${map.checksum}`);
    expect(map.checksum).toMatch(/^[0-9a-f]{8}$/);
    expect(checksumOf(new Uint8Array(values))).toBe(map.checksum);
    expect(checksumOf([0, 1, 2, 3, 5, 4])).not.toBe(map.checksum);
    expect(heatmap(values, { width: 6, height: 1, colorBar: false }).text).toBe(
      `canvas 6×1, hot 0–5, checksum ${map.checksum}`,
    );
  });

  it('has no image in Node, and display prints its text', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const map = heatmap([1, 2], { width: 2, height: 1 });
    expect(map.image).toBeNull();
    display(map);
    expect(log).toHaveBeenCalledWith(map.text);
  });

  it('refuses a grid whose size does not match', () => {
    expect(() => heatmap([1, 2, 3], { width: 2, height: 2 })).toThrow(
      'Expected `values` to hold width × height = 4 numbers, got 3',
    );
    expect(() => heatmap([1], { width: 0, height: 1 })).toThrow(
      'Expected `width` to be a positive integer, got 0',
    );
  });
});
