import { describe, expect, it } from 'vitest';
import {
  callingBanner,
  formatCall,
  formatTime,
  readableSource,
  ruleWith,
} from '../../../../src/lib/memory/format.ts';
import { openStore } from '../../../../src/lib/memory/open-store.ts';
import { deserialize, serialize } from '../../../../src/lib/memory/serialize.ts';
import { parseSize } from '../../../../src/lib/memory/size.ts';
import { cellFunction } from '../../support/cell-function.ts';

describe('joblib text formats', () => {
  it('formats durations and rules like joblib', () => {
    expect(formatTime(0.05)).toBe('0.1s, 0.0min');
    expect(formatTime(125)).toBe('125.0s, 2.1min');
    expect(ruleWith('f - 0.1s, 0.0min')).toBe(`${'_'.repeat(64)}f - 0.1s, 0.0min`);
    expect(callingBanner('ns.f', 'f', [1, 'a'])).toBe(
      `${'_'.repeat(80)}\n[Memory] Calling ns.f...\nf(1, 'a')`,
    );
  });

  it('puts an argument after a long one on its own line, and cuts very long ones', () => {
    const long = 'x'.repeat(100);
    expect(formatCall('f', [long, 2])).toBe(`f('${long}',\n2)`);
    const huge = Array.from({ length: 10 }, (_, i) => 'y'.repeat(150) + i);
    const text = formatCall('g', [Object.fromEntries(huge.map((k) => [k, k]))]);
    expect(text.length).toBeLessThan(720);
    expect(text.endsWith('...)')).toBe(true);
  });

  it("takes the kernel's instrumentation out of a cell function's source", () => {
    const written = [
      'async function* load(url) {',
      '  for (let i = 0; i < 3; i++) { yield i; }',
      '  for await (const part of parts(url)) { yield part; }',
      '  const response = await fetch(url);',
      '  return response.text();',
      '}',
    ].join('\n');
    const transformed = String(cellFunction(written));
    expect(transformed).not.toBe(written);
    expect(readableSource(transformed)).toBe(written);
  });
});

describe('stored results', () => {
  it('refuses bytes that are not a stored result, or are cut short', () => {
    expect(() => deserialize(new TextEncoder().encode('garbage'))).toThrow('bad header');
    const bytes = serialize({ values: new Float64Array(16) });
    expect(() => deserialize(bytes.subarray(0, bytes.byteLength - 8))).toThrow('truncated');
  });

  it('reads views at their stored offsets, each 8-aligned', () => {
    const bytes = serialize([new Uint8Array([1, 2, 3]), new Float64Array([0.5, 1.5])]);
    const [small, floats] = deserialize(bytes, { mmapMode: 'r' }) as [Uint8Array, Float64Array];
    expect([...small, ...floats]).toEqual([1, 2, 3, 0.5, 1.5]);
  });
});

describe('locations and sizes', () => {
  it('opens an in-memory store by prefix and refuses what it cannot open', async () => {
    expect((await openStore('memory:demo')).kind).toBe('memory');
    await expect(openStore('')).rejects.toThrow('Expected `location` to be a non-empty string');
    await expect(openStore('opfs:demo')).rejects.toThrow('this environment has no OPFS');
    await expect(openStore('indexeddb:demo')).rejects.toThrow('this environment has no IndexedDB');
  });

  it('reads sizes in powers of 1024', () => {
    expect(parseSize('2K')).toBe(2048);
    expect(parseSize('1.5M')).toBe(1.5 * 1024 * 1024);
    expect(parseSize(500)).toBe(500);
    expect(() => parseSize(-1)).toThrow('non-negative');
  });
});
