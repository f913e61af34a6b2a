import { describe, expect, it } from 'vitest';
import { compareOutput } from '../../../src/cells/compare.ts';

describe('compareOutput', () => {
  it('compares exactly after trimming trailing spaces and final newlines', () => {
    expect(compareOutput('a  \nb\n\n', 'a\nb', 'exact')).toEqual({ ok: true });
    expect(compareOutput('a\nb', 'a\nc', 'exact')).toEqual({
      ok: false,
      diff: '--- expected\n+++ actual\n a\n-c\n+b',
    });
  });

  it('treats placeholders literally in exact mode', () => {
    expect(compareOutput('1', '{int}', 'exact').ok).toBe(false);
  });

  it('matches each placeholder in shape mode', () => {
    expect(compareOutput('n = -12', 'n = {int}', 'shape').ok).toBe(true);
    expect(compareOutput('n = 1.5', 'n = {int}', 'shape').ok).toBe(false);
    for (const value of ['12', '-0.5', '3.25e-7', '.5']) {
      expect(compareOutput(`t ${value} ms`, 't {number} ms', 'shape').ok).toBe(true);
    }
    expect(compareOutput('id abc-1 ok', 'id {word} ok', 'shape').ok).toBe(true);
    expect(compareOutput('id a b ok', 'id {word} ok', 'shape').ok).toBe(false);
    expect(compareOutput('took ', 'took {any}', 'shape').ok).toBe(true);
    expect(compareOutput('took 5 s (fast)', 'took {any}', 'shape').ok).toBe(true);
  });

  it('lets {lines} match zero or more whole lines', () => {
    expect(compareOutput('start\nend', 'start\n{lines}\nend', 'shape').ok).toBe(true);
    expect(compareOutput('start\n1\n2\nend', 'start\n{lines}\nend', 'shape').ok).toBe(true);
    expect(compareOutput('start\n1', 'start\n{lines}', 'shape').ok).toBe(true);
    expect(compareOutput('start\n1\nx', 'start\n{lines}\nend', 'shape').ok).toBe(false);
  });

  it('escapes regular expression characters around placeholders', () => {
    expect(compareOutput('[a] (1)', '[a] ({int})', 'shape').ok).toBe(true);
    expect(compareOutput('xa] (1)', '[a] ({int})', 'shape').ok).toBe(false);
  });

  it('diffs a shape mismatch with matching lines kept as context', () => {
    const verdict = compareOutput('took 3 ms\nsum 9', 'took {int} ms\nsum 10', 'shape');
    expect(verdict).toEqual({
      ok: false,
      diff: '--- expected\n+++ actual\n took 3 ms\n-sum 10\n+sum 9',
    });
  });

  it('requires empty output when nothing is expected', () => {
    expect(compareOutput('', '', 'exact')).toEqual({ ok: true });
    expect(compareOutput('x', '', 'exact')).toEqual({
      ok: false,
      diff: '--- expected\n+++ actual\n+x',
    });
  });

  // The output may be model text: a regular expression built from the placeholders took
  // polynomial time on it. The test timeout is the bound.
  it('judges 200 KB of output against several placeholders', { timeout: 20_000 }, () => {
    // 100 lines of 2 KB, each with 700 places where a placeholder could end.
    const lines = Array.from({ length: 100 }, (_, i) => `${'ab '.repeat(700)}${i}`);
    const output = lines.join('\n');
    expect(output.length).toBeGreaterThan(200_000);
    const expected = '{lines}\n{word} {any} {any} {any} {int} end\n{lines}';
    const verdict = compareOutput(output, expected, 'shape');
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.diff.split('\n').slice(0, 4)).toEqual([
      '--- expected',
      '+++ actual',
      '-{lines}',
      '-{word} {any} {any} {any} {int} end',
    ]);
    expect(compareOutput(`${output}\nword a b c -7 end\ndone`, expected, 'shape').ok).toBe(true);
  });
});
