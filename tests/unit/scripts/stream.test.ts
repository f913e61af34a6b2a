import { describe, expect, it } from 'vitest';
import { endsWithDone, readText } from '../../../scripts/support/stream.ts';

describe('readText', () => {
  it('reads the body to its end, a character split between chunks kept whole, telling its first bytes once', async () => {
    const bytes = new TextEncoder().encode('data: Grüß\n\n');
    const split = bytes.indexOf(0xc3) + 1;
    const seen: string[] = [];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, split));
        controller.enqueue(bytes.subarray(split));
        controller.close();
      },
    });
    const text = await readText(new Response(body), () => seen.push('first'));
    expect(text).toBe('data: Grüß\n\n');
    expect(seen).toEqual(['first']);
  });

  it('reads no body as nothing, and tells no first bytes', async () => {
    let told = false;
    expect(
      await readText(new Response(null, { status: 204 }), () => {
        told = true;
      }),
    ).toBe('');
    expect(told).toBe(false);
  });
});

describe('endsWithDone', () => {
  it('holds for a stream that ran to its [DONE] event, not for one cut off', () => {
    expect(endsWithDone('data: {"a":1}\n\ndata: [DONE]\n\n')).toBe(true);
    expect(endsWithDone('data: {"a":1}\n\ndata: [DO')).toBe(false);
    expect(endsWithDone('data: {"a":1}\n\n')).toBe(false);
  });
});
