import { describe, expect, test } from 'vitest';
import { analyseFunction } from '../../../../src/lib/parallel/free-names.ts';

const free = (source: string) => analyseFunction(source)?.free;

describe('analyseFunction', () => {
  test('parameters, locals, destructuring, catch bindings and inner functions are declared', () => {
    expect(
      free(`function f({ a, b: [c] }, ...rest) {
        const d = a + c; let e; var g = 1;
        try { e = h(d); } catch (err) { e = err; }
        function h(x = d) { return x * 2; }
        class K { m() { return this.p; } }
        return [e, g, rest, new K(), { key: d }.key, [1].map((y) => y + 1)];
      }`),
    ).toEqual([]);
  });

  test('outer variables, assigned or read, are free; property names are not', () => {
    expect(free('(x) => { total += x; return x * factor + obj.prop; }')).toEqual([
      'total',
      'factor',
      'obj',
    ]);
    expect(
      free('async function* g() { for await (const v of source) yield Math.max(v, limit); }'),
    ).toEqual(['source', 'Math', 'limit']);
  });

  test('methods, native and bound functions are not function expressions', () => {
    expect(analyseFunction('method(x) { return x; }')).toBeNull();
    expect(analyseFunction('function max() { [native code] }')).toBeNull();
    expect(analyseFunction('1 + 1')).toBeNull();
  });
});
