import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactFields } from '../../../../src/server/llm/redaction.ts';

const KEY = 'cana-fake-0123456789-abcdefXYZ';
const redact = createRedactor([KEY, '', null]);

describe('redaction', () => {
  it.each([
    [`Incorrect API key provided: ${KEY}.`, 'Incorrect API key provided: [redacted].'],
    ['Incorrect API key provided: cana...XYZ.', 'Incorrect API key provided: [redacted].'],
    ['key cana**************XYZ is invalid', 'key [redacted] is invalid'],
    ['key cana…XYZ', 'key [redacted]'],
    ['the start cana-fake-01234 leaked', 'the start [redacted] leaked'],
    ['auth: Bearer abc.def', 'auth: Bearer [redacted]'],
    [
      'fetch https://user:pw@api.example/v1/chat?token=s3cret#x failed',
      'fetch https://[redacted]@api.example/v1/chat?[redacted] failed',
    ],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Expected LLM_MAX_TOKENS to be an integer... got many (see https://example.org/v1).';
    expect(redact(text)).toBe(text);
  });

  it('cuts text longer than 4000 characters (log lines need no more)', () => {
    const long = `${'a'.repeat(5000)} ${KEY}`;
    expect(redact(long)).toBe(`${'a'.repeat(4000)}…`);
  });

  it('redacts strings at any depth of log fields', () => {
    expect(redactFields({ a: KEY, b: [{ c: `x ${KEY}` }], n: 3 }, redact)).toEqual({
      a: '[redacted]',
      b: [{ c: 'x [redacted]' }],
      n: 3,
    });
  });

  it("for client-bound text, keeps its length and other people's URLs and bearer examples", () => {
    const forClient = createRedactor([KEY], {
      maxChars: Number.POSITIVE_INFINITY,
      credentials: false,
    });
    const long = `${'a'.repeat(5000)} cana...XYZ`;
    expect(forClient(long)).toBe(`${'a'.repeat(5000)} [redacted]`);
    const answer = 'Send `Authorization: Bearer sk-yours` to https://api.example/v1?page=2';
    expect(forClient(answer)).toBe(answer);
    expect(forClient(`key ${KEY.slice(0, 12)}`)).toBe('key [redacted]');
  });

  it('redacts strings however deep they sit in log fields', () => {
    const deep = { a: { b: { c: { d: { e: { f: [{ g: `key ${KEY}` }] } } } } } };
    expect(JSON.stringify(redactFields(deep, redact))).not.toContain(KEY);
    expect(redactFields(deep, redact)).toEqual({
      a: { b: { c: { d: { e: { f: [{ g: 'key [redacted]' }] } } } } },
    });
  });

  it('logs an Error as its name, redacted message and stack', () => {
    const error = new RangeError(`refused ${KEY}`);
    const fields = redactFields({ error, nested: { cause: new Error('cana...XYZ') } }, redact);
    expect(fields).toMatchObject({
      error: { name: 'RangeError', message: 'refused [redacted]', stack: expect.any(String) },
      nested: { cause: { name: 'Error', message: '[redacted]' } },
    });
    expect(JSON.stringify(fields)).not.toContain(KEY);
    expect(JSON.stringify(fields)).not.toContain('cana...XYZ');
  });

  it('stops at a cycle and at a size bound instead of walking forever', () => {
    const looped: Record<string, unknown> = { name: KEY };
    looped.self = looped;
    expect(redactFields({ looped }, redact)).toEqual({
      looped: { name: '[redacted]', self: '[circular]' },
    });
    const huge = { list: Array.from({ length: 100_000 }, () => `x ${KEY}`) };
    const text = JSON.stringify(redactFields(huge, redact));
    expect(text).not.toContain(KEY);
    expect(text.length).toBeLessThan(100_000);
  });

  it('gives what the regular expressions alone give: the scan that skips them misses nothing', () => {
    const forClient = createRedactor([KEY], {
      maxChars: Number.POSITIVE_INFINITY,
      credentials: false,
    });
    // The redaction of key pieces as the expressions do it, with no shortcut.
    const reference = (text: string) =>
      text
        .replaceAll(KEY, '[redacted]')
        .replace(/(?<![\w-])[\w-]*(?:\.{2,}|…|\*{2,})[\w-]*/g, (match) => {
          const [start = '', end = ''] = match.split(/\.{2,}|…|\*{2,}/);
          return (start.length >= 2 && KEY.startsWith(start)) ||
            (end.length >= 2 && KEY.endsWith(end))
            ? '[redacted]'
            : match;
        })
        .replace(/[\w-]{6,}/g, (word) => (KEY.includes(word) ? '[redacted]' : word));
    const piece = fc
      .tuple(fc.nat(KEY.length), fc.nat(KEY.length))
      .map(([from, length]) => KEY.slice(from, from + length));
    const part = fc.oneof(
      piece,
      fc.constantFrom(' ', '"', '...', '…', '**', '-', '_', 'é', '\n', 'data: ', 'x'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(forClient(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
