import { describe, expect, it } from 'vitest';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import { OutputBuffer } from '../../../../src/notebook/kernel/output-buffer.ts';

function setup(cap: number) {
  const sent: { runId: number; items: OutputItem[] }[] = [];
  const buffer = new OutputBuffer({
    cap,
    send: (runId, items) => sent.push({ runId, items }),
    now: () => 0,
    schedule: () => undefined,
  });
  return { buffer, sent };
}

const out = (text: string): OutputItem => ({ kind: 'stream', stream: 'stdout', text });

describe('OutputBuffer', () => {
  it('merges consecutive writes and batches per run on flush', () => {
    const { buffer, sent } = setup(100);
    buffer.push(1, out('a\n'));
    buffer.push(1, out('b\n'));
    buffer.push(2, out('c\n'));
    expect(sent).toEqual([]);
    buffer.flush();
    expect(sent).toEqual([
      { runId: 1, items: [out('a\nb\n')] },
      { runId: 2, items: [out('c\n')] },
    ]);
  });

  it('cuts at the cap, counts what it drops cumulatively and always lets errors through', () => {
    const { buffer, sent } = setup(5);
    buffer.push(1, out('abc\n'));
    buffer.push(1, out('defg\n'));
    buffer.flush();
    buffer.countDropped(1, 10);
    buffer.push(1, {
      kind: 'error',
      late: false,
      error: { name: 'E', message: 'm', stack: 'E: m' },
    });
    buffer.flush();
    expect(buffer.isCapped(1)).toBe(true);
    expect(sent.flatMap((batch) => batch.items)).toEqual([
      out('abc\nd'),
      { kind: 'dropped', items: 0, chars: 4 },
      { kind: 'error', late: false, error: { name: 'E', message: 'm', stack: 'E: m' } },
      { kind: 'dropped', items: 1, chars: 14 },
    ]);
  });

  it('sends display updates only for items it admitted', () => {
    const { buffer, sent } = setup(3);
    const data = (text: string) => ({ mime: 'text/plain', text }) as const;
    buffer.push(1, { kind: 'display', displayId: 'p', update: false, data: data('1%') });
    buffer.push(1, { kind: 'display', displayId: 'p', update: true, data: data('100%') });
    buffer.push(1, { kind: 'display', displayId: 'q', update: false, data: data('big') });
    buffer.push(1, { kind: 'display', displayId: 'q', update: true, data: data('bigger') });
    buffer.flush();
    expect(
      sent.flatMap((batch) => batch.items).map((item) => item.kind === 'display' && item.data.text),
    ).toEqual(['1%', '100%', false]);
  });
});
