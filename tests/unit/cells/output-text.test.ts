import { describe, expect, it } from 'vitest';
import { outputText } from '../../../src/cells/output-text.ts';
import type { OutputItem } from '../../../src/core/output-item.ts';

const text = (t: string) => ({ mime: 'text/plain', text: t }) as const;

describe('outputText', () => {
  it('joins streams, displays, results, errors and drops in order', () => {
    const items: OutputItem[] = [
      { kind: 'stream', stream: 'stdout', text: 'a  \n' },
      { kind: 'display', displayId: 'p', update: false, data: text('0%') },
      { kind: 'stream', stream: 'stderr', text: 'b\n' },
      { kind: 'display', displayId: 'p', update: true, data: text('100%') },
      { kind: 'result', text: '42' },
      { kind: 'dropped', items: 1, chars: 10 },
      { kind: 'dropped', items: 3, chars: 30 },
      { kind: 'error', late: false, error: { name: 'TypeError', message: 'bad', stack: 'x' } },
    ];
    expect(outputText(items)).toBe(
      'a\n100%\nb\n42\n… 30 characters of output dropped\nTypeError: bad',
    );
  });

  it('is empty for no output and trims final newlines', () => {
    expect(outputText([])).toBe('');
    expect(outputText([{ kind: 'stream', stream: 'stdout', text: 'x\n\n\n' }])).toBe('x');
  });
});
