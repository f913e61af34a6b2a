import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../../src/server/llm/redaction.ts';
import { SseFramer } from '../../../../src/server/llm/sse-relay.ts';

const encoder = new TextEncoder();

const EVENTS = [
  'data: {"choices":[{"delta":{"content":"Grüße, "}}]}\n\n',
  'data: {"choices":[{"delta":{"content":"日本 🌸"}}]}\r\n\r\n',
  ': keep-alive comment\n\n',
  'event: message\ndata: {"a":1}\n\n',
  'data: [DONE]\n\n',
];

describe('SSE framing for the relay', () => {
  it('emits each event once it is complete, whatever the byte boundaries', () => {
    const bytes = encoder.encode(EVENTS.join(''));
    for (const size of [1, 2, 3, 5, 7, 13, bytes.length]) {
      const framer = new SseFramer();
      const out: string[] = [];
      for (let offset = 0; offset < bytes.length; offset += size) {
        out.push(...framer.push(bytes.subarray(offset, offset + size)));
      }
      expect(framer.flush()).toBe('');
      expect(out).toEqual(EVENTS);
    }
  });

  it('forwards an event as soon as its blank line arrives, not later', () => {
    const framer = new SseFramer();
    expect(framer.push(encoder.encode('data: 1\n'))).toEqual([]);
    expect(framer.push(encoder.encode('\ndata: 2'))).toEqual(['data: 1\n\n']);
    expect(framer.flush()).toBe('data: 2');
  });

  it('redacts secrets even when split across chunks', () => {
    const framer = new SseFramer();
    const parts = ['data: {"error":"bad key fake-key-se', 'cret-9 here"}\n', '\n'];
    const out = parts.flatMap((part) => framer.push(encoder.encode(part)));
    const redact = createRedactor(['fake-key-secret-9'], { maxChars: Number.POSITIVE_INFINITY });
    expect(out.map(redact)).toEqual(['data: {"error":"bad key [redacted] here"}\n\n']);
  });
});

/** Feeds `bytes` to a framer in pieces of `size`; returns the events and what flush gives. */
function frame(bytes: Uint8Array, size: number, framer = new SseFramer()) {
  const events: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    events.push(...framer.push(bytes.subarray(offset, offset + size)));
  }
  return { events, rest: framer.flush() };
}

describe('SSE framing: line endings and byte splits', () => {
  it('cuts at a blank line of LF, CRLF or CR, split anywhere', () => {
    const cases: [string, string[]][] = [
      ['LF', ['data: a\n\n', 'data: b\nid: 2\n\n']],
      ['CRLF', ['data: a\r\n\r\n', 'data: b\r\nid: 2\r\n\r\n']],
      ['CR', ['data: a\r\r', 'data: b\rid: 2\r\r']],
      ['mixed', ['data: a\r\n\n', 'data: b\n\r\n', 'data: c\n\r']],
    ];
    for (const [name, events] of cases) {
      const bytes = encoder.encode(`${events.join('')}data: tail`);
      for (let size = 1; size <= bytes.length; size++) {
        expect({ name, size, ...frame(bytes, size) }).toEqual({
          name,
          size,
          events,
          rest: 'data: tail',
        });
      }
    }
  });

  it('keeps a CRLF blank line whole when the chunk ends between its CR and LF', () => {
    const framer = new SseFramer();
    expect(framer.push(encoder.encode('data: a\r\n\r'))).toEqual([]);
    expect(framer.push(encoder.encode('\ndata: b\r\n\r\n'))).toEqual([
      'data: a\r\n\r\n',
      'data: b\r\n\r\n',
    ]);
    // A CR-only stream is not held back: its blank line is complete at the second CR.
    expect(framer.push(encoder.encode('data: c\r\r'))).toEqual(['data: c\r\r']);
  });

  it('decodes multi-byte characters split across chunks', () => {
    const event = 'data: {"content":"é日本🌸"}\n\n';
    const bytes = encoder.encode(event + event);
    for (let size = 1; size <= 9; size++) {
      expect(frame(bytes, size).events).toEqual([event, event]);
    }
  });

  it('refuses an event larger than the cap and takes no more input', () => {
    const framer = new SseFramer({ maxEventBytes: 16 });
    expect(framer.push(encoder.encode('data: 123456789\n\n'))).toEqual([]);
    expect(framer.overflowed).toBe(true);
    expect(framer.push(encoder.encode('data: 1\n\n'))).toEqual([]);

    const exact = new SseFramer({ maxEventBytes: 16 });
    expect(exact.push(encoder.encode('data: 12345678\n\ndata: 1234567'))).toEqual([
      'data: 12345678\n\n',
    ]);
    expect(exact.overflowed).toBe(false);
    // The pending event passes the cap on its next byte, before any blank line.
    expect(exact.push(encoder.encode('8901'))).toEqual([]);
    expect(exact.overflowed).toBe(true);
  });

  it('scans each byte once: 50 MB without a blank line is refused at the cap, in linear work', () => {
    const cap = 1_048_576;
    const framer = new SseFramer({ maxEventBytes: cap });
    const chunk = new Uint8Array(65_536).fill(0x61);
    chunk.set(encoder.encode('data: '));
    let fed = 0;
    while (fed < 50 * 1_048_576 && !framer.overflowed) {
      framer.push(chunk);
      fed += chunk.length;
    }
    expect(framer.overflowed).toBe(true);
    expect(fed).toBeLessThanOrEqual(cap + chunk.length);
    expect(framer.scannedBytes).toBe(fed);
  });
});
