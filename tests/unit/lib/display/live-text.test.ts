import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayData } from '../../../../src/core/display-data.ts';
import { DISPLAY_HOOK, type DisplayHook, liveText } from '../../../../src/lib/display/index.ts';

type Emitted = { displayId: string; update: boolean; text: string };

function withHook(): Emitted[] {
  const emitted: Emitted[] = [];
  const hook: DisplayHook = {
    emitter: () => (displayId, update, data) =>
      emitted.push({ displayId, update, text: data.text }),
  };
  Object.defineProperty(globalThis, DISPLAY_HOOK, { value: hook, configurable: true });
  return emitted;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
  Reflect.deleteProperty(globalThis, DISPLAY_HOOK);
});

describe('liveText', () => {
  it('shows one item that grows in place', () => {
    const emitted = withHook();
    const live = liveText({ intervalMs: 0 });
    live.write('The ');
    live.write('end.');
    live.end();
    expect(live.text).toBe('The end.');
    expect(emitted.map((e) => [e.update, e.text])).toEqual([
      [false, ''],
      [true, 'The '],
      [true, 'The end.'],
    ]);
    expect(new Set(emitted.map((e) => e.displayId)).size).toBe(1);
  });

  it('redraws at most once per interval, and end() draws what is left', () => {
    const emitted = withHook();
    const live = liveText({ intervalMs: 50 });
    live.write('a');
    vi.advanceTimersByTime(10);
    live.write('b');
    live.write('c');
    expect(emitted.map((e) => e.text)).toEqual(['', 'a']);
    live.end();
    expect(emitted.map((e) => e.text)).toEqual(['', 'a', 'abc']);
    live.end();
    expect(emitted).toHaveLength(3);
  });

  it('draws the last chunks by itself when end() is never called', () => {
    const emitted = withHook();
    const live = liveText({ intervalMs: 50 });
    live.write('a');
    vi.advanceTimersByTime(20);
    live.write('b');
    expect(emitted.at(-1)?.text).toBe('a');
    vi.advanceTimersByTime(30);
    expect(emitted.at(-1)?.text).toBe('ab');
  });

  it('shows markup it is given as text, never as SVG or HTML', () => {
    const data: DisplayData[] = [];
    const hook: DisplayHook = { emitter: () => (_id, _update, item) => data.push(item) };
    Object.defineProperty(globalThis, DISPLAY_HOOK, { value: hook, configurable: true });
    const live = liveText({ intervalMs: 0 });
    const svg = '<svg><style>* { display: none }</style></svg>';
    live.write(svg);
    live.write(' <html><b>bold</b></html>');
    live.end();
    expect(data).toEqual([
      { mime: 'text/plain', text: '' },
      { mime: 'text/plain', text: svg },
      { mime: 'text/plain', text: `${svg} <html><b>bold</b></html>` },
    ]);
  });

  it('refuses what is not text', () => {
    withHook();
    expect(() => liveText({ intervalMs: -1 })).toThrow(/Expected `intervalMs`/);
    const live = liveText();
    expect(() => live.write(undefined as never)).toThrow(/Expected `chunk` to be a string/);
    expect(live.text).toBe('');
  });

  it('prints the whole text once at the end outside a kernel', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const live = liveText();
    live.write('Once ');
    live.write('upon a time.');
    expect(log).not.toHaveBeenCalled();
    live.end();
    live.end();
    expect(log.mock.calls).toEqual([['Once upon a time.']]);
    log.mockRestore();
  });
});
