import { describe, expect, it } from 'vitest';
import { redact, SseFramer } from '../../../../src/server/llm/sse-relay.ts';

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
    expect(out.map((event) => redact(event, ['fake-key-secret-9']))).toEqual([
      'data: {"error":"bad key [redacted] here"}\n\n',
    ]);
  });
});
