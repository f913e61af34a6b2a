import { describe, expect, it } from 'vitest';
import { readText, sseData } from './sse.ts';

/** A body that sends `chunks` one by one. */
function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('readText', () => {
  it('reads a body to its end, a character split between chunks kept whole', async () => {
    const bytes = new TextEncoder().encode('Grüß dich');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await readText(bodyOf([bytes.subarray(0, split), bytes.subarray(split)]))).toBe(
      'Grüß dich',
    );
  });

  it('reads what a reader has left, and no body as nothing', async () => {
    const encoder = new TextEncoder();
    const reader = bodyOf([encoder.encode('one '), encoder.encode('two')]).getReader();
    await reader.read();
    expect(await readText(reader)).toBe('two');
    expect(await readText(null)).toBe('');
  });
});

describe('sseData', () => {
  it("gives each event's data in order, lines of one event joined", () => {
    expect(sseData('data: {"a":1}\n\nid: 2\ndata: x\ndata: y\n\ndata: [DONE]\n\n')).toEqual([
      '{"a":1}',
      'x\ny',
      '[DONE]',
    ]);
  });

  it('refuses a stream cut inside an event, and an event without data', () => {
    expect(() => sseData('data: 1\n\ndata: [DO')).toThrow(
      'Expected the stream to end with a blank line, got "data: [DO"',
    );
    expect(() => sseData(': comment\n\n')).toThrow(
      'Expected an event with a `data:` line, got ": comment"',
    );
  });
});
