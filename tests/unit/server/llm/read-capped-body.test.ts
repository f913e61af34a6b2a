import { describe, expect, it } from 'vitest';
import { readCappedText } from '../../../../src/server/llm/read-capped-body.ts';

/** A body of `parts`, recording whether it was cancelled. */
function body(parts: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const part = parts[state.pulled++];
        if (part === undefined) controller.close();
        else controller.enqueue(encoder.encode(part));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('reading a body under a byte cap', () => {
  it('reads a body within the cap whole, multi-byte characters across chunks included', async () => {
    const bytes = new TextEncoder().encode('{"a":"日本"}');
    const split = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(bytes.subarray(0, 8));
          controller.enqueue(bytes.subarray(8));
          controller.close();
        },
      }),
    );
    expect(await readCappedText(split, bytes.length)).toEqual({
      text: '{"a":"日本"}',
      complete: true,
    });
    expect(await readCappedText(new Response(null), 1)).toEqual({ text: '', complete: true });
  });

  it('stops at the cap and cancels the rest', async () => {
    const { stream, state } = body(['12345', '67890', 'abcde', 'fghij']);
    expect(await readCappedText(new Response(stream), 7)).toEqual({
      text: '1234567',
      complete: false,
    });
    expect(state.pulled).toBe(2);
    expect(state.cancelled).toBe(true);
  });

  it('refuses a declared length over the cap unread, unless asked for the start', async () => {
    const declared = (parts: string[]) => {
      const made = body(parts);
      return {
        ...made,
        response: new Response(made.stream, { headers: { 'Content-Length': '10' } }),
      };
    };
    const refused = declared(['12345', '67890']);
    expect(await readCappedText(refused.response, 4)).toEqual({ text: '', complete: false });
    expect(refused.state).toEqual({ cancelled: true, pulled: 0 });
    const kept = declared(['12345', '67890']);
    expect(await readCappedText(kept.response, 4, { keepStart: true })).toEqual({
      text: '1234',
      complete: false,
    });
  });

  it('names a bad cap', async () => {
    await expect(readCappedText(new Response('x'), -1)).rejects.toThrow(
      'Expected `maxBytes` to be an integer of at least 0, got -1',
    );
  });
});
