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
});
