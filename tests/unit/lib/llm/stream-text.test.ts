import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DisplayData } from '../../../../src/core/display-data.ts';
import { DISPLAY_HOOK, type DisplayHook } from '../../../../src/lib/display/index.ts';
import { installSiteInfo } from '../../../../src/lib/llm/site.ts';

type Llm = typeof import('../../../../src/lib/llm/index.ts');

let llm: Llm;
let removeSite: () => void;

beforeAll(async () => {
  // `yieldbook/llm` lists the proxy's models when it loads: answer that one request here.
  removeSite = installSiteInfo(globalThis, { origin: 'http://127.0.0.1:9' });
  vi.stubGlobal('fetch', async () => Response.json({ data: [{ id: 'test-model' }] }));
  llm = await import('../../../../src/lib/llm/index.ts');
});

afterAll(() => {
  vi.unstubAllGlobals();
  removeSite();
});

async function* chunks(
  ...parts: string[]
): AsyncGenerator<import('../../../../src/lib/llm/index.ts').StreamChunk> {
  for (const content of parts) yield { model: 'test-model', choices: [{ delta: { content } }] };
}

describe('streamText', () => {
  it('shows a streamed answer holding SVG and HTML as text', async () => {
    const shown: DisplayData[] = [];
    const hook: DisplayHook = { emitter: () => (_id, _update, data) => shown.push(data) };
    Object.defineProperty(globalThis, DISPLAY_HOOK, { value: hook, configurable: true });
    try {
      const parts = [
        '<svg xmlns="http://www.w3.org/2000/svg"><style>* { color: red }</style>',
        '<a href="https://evil.example/">home</a></svg>',
        ' and <html><b>bold</b></html>',
      ];
      const answer = await llm.streamText(chunks(...parts));
      expect(answer).toEqual({ text: parts.join(''), model: 'test-model' });
      expect(shown.length).toBeGreaterThan(1);
      expect(shown.every((data) => data.mime === 'text/plain')).toBe(true);
      expect(shown.at(-1)).toEqual({ mime: 'text/plain', text: parts.join('') });
    } finally {
      Reflect.deleteProperty(globalThis, DISPLAY_HOOK);
    }
  });
});
