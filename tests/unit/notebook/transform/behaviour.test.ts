import { afterEach, describe, expect, it } from 'vitest';
import { FakeRuntime, forgetGlobals, global, runCell } from './fake-runtime.ts';

afterEach(forgetGlobals);

describe('shared scope', () => {
  it('lets a later cell use and change what an earlier cell declared', async () => {
    await runCell(
      'let counter: number = 0;\nfunction inc(): void { counter++; }',
      new FakeRuntime(1),
    );
    const second = new FakeRuntime(2);
    await runCell('inc();\ncounter', second, 'second', 2);
    expect(second.results).toEqual([1]);
  });

  it('declares every top-level name before the body runs, functions already published', async () => {
    const runtime = new FakeRuntime();
    const cell = await runCell(
      'const early = later();\nfunction later() { return 7; }\nclass Box {}\nlet [a, { b }] = [1, { b: 2 }];',
      runtime,
    );
    expect(cell.declared).toEqual(['early', 'later', 'Box', 'a', 'b']);
    expect(runtime.declared).toEqual([['early', 'later', 'Box', 'a', 'b']]);
    expect(global('early')).toBe(7);
    expect(typeof global('later')).toBe('function');
    expect(typeof global('Box')).toBe('function');
    expect([global('a'), global('b')]).toEqual([1, 2]);
  });

  it('allows running a cell that declares a const again, with a new value', async () => {
    await runCell('const x = 1;', new FakeRuntime(1));
    expect(global('x')).toBe(1);
    await runCell('const x = 2;', new FakeRuntime(2), 'cell', 2);
    expect(global('x')).toBe(2);
  });

  it('refuses assignment to a const from another cell with a TypeError', async () => {
    const first = new FakeRuntime(1);
    await runCell('const {fixed, other: [inner]} = {fixed: 1, other: [2]};', first);
    expect(first.sealed).toEqual([['fixed', 'inner']]);
    await expect(runCell('inner = 3;', new FakeRuntime(2), 'other', 2)).rejects.toThrow(TypeError);
    expect(global('inner')).toBe(2);
  });

  it('keeps `let` globals writable and resets `let x;` to undefined', async () => {
    await runCell('let value = 1;', new FakeRuntime(1));
    await runCell('value = 5;', new FakeRuntime(2));
    expect(global('value')).toBe(5);
    await runCell('let value;', new FakeRuntime(3));
    expect(global('value')).toBeUndefined();
  });

  it('imports bindings of every form through the runtime', async () => {
    const runtime = new FakeRuntime(1, {
      m: { default: 'd', a: 'A', 'odd name': 'O' },
      side: {},
    });
    await runCell(
      'import def, { a as b, "odd name" as odd } from "m";\nimport * as ns from "m";\nimport "side";\nconst dyn = await import("m");',
      runtime,
    );
    expect(runtime.imports).toEqual(['m', 'm', 'side', 'm']);
    expect([global('def'), global('b'), global('odd')]).toEqual(['d', 'A', 'O']);
    expect(global('ns')).toEqual({ default: 'd', a: 'A', 'odd name': 'O' });
    expect(global('dyn')).toBe(global('ns'));
  });

  it('runs the top level in strict mode with `this` undefined', async () => {
    const runtime = new FakeRuntime();
    await runCell('const self = this;\nself === undefined', runtime);
    expect(runtime.results).toEqual([true]);
    await expect(runCell('undeclaredName = 1;', new FakeRuntime())).rejects.toThrow(ReferenceError);
  });

  it('keeps block-scoped and loop-head declarations local', async () => {
    await runCell(
      'for (const item of [1]) { const inside = item; }\n{ let block = 1; }',
      new FakeRuntime(),
    );
    expect('item' in globalThis).toBe(false);
    expect('inside' in globalThis).toBe(false);
    expect('block' in globalThis).toBe(false);
  });

  it('keeps statements apart when the source relies on automatic semicolons', async () => {
    const runtime = new FakeRuntime();
    await runCell(
      'let sum = 0\nlet pending\n[1, 2].forEach((n) => { sum += n })\nconst [first] = [sum]\nconst {length} = [first]\nlength',
      runtime,
    );
    expect([global('sum'), global('pending'), global('first')]).toEqual([3, undefined, 3]);
    expect(runtime.results).toEqual([1]);
  });

  it('supports TypeScript enums', async () => {
    const runtime = new FakeRuntime();
    await runCell('enum Color { Red, Green = 3 }\nColor[Color.Green]', runtime);
    expect(runtime.results).toEqual(['Green']);
  });
});

describe('interrupt points', () => {
  it('ticks once per loop iteration, also for loops without braces', async () => {
    const runtime = new FakeRuntime();
    await runCell(
      'let n = 0;\nfor (let i = 0; i < 3; i++) n++;\nwhile (n < 5) { n++; }\ndo n++; while (n < 6)\nfor (const k in { a: 1 }) n++;\nfor (const v of [1, 2]) n++;',
      runtime,
    );
    expect(global('n')).toBe(9);
    expect(runtime.ticks).toBe(3 + 2 + 1 + 1 + 2);
  });

  it('stops a busy loop when a tick throws, as an interrupt does', async () => {
    const runtime = new FakeRuntime();
    runtime.onTick = (count) => {
      if (count === 100) throw new Error('Interrupted');
    };
    await expect(runCell('let spins = 0;\nwhile (true) spins++;', runtime)).rejects.toThrow(
      'Interrupted',
    );
    expect(global('spins')).toBe(99);
  });

  it('keeps labelled `continue` and `break` working', async () => {
    const runtime = new FakeRuntime();
    await runCell(
      'const pairs: string[] = [];\nouter: for (let i = 0; i < 3; i++) {\n  for (let j = 0; j < 3; j++) {\n    if (j > i) continue outer;\n    if (i === 2) break outer;\n    pairs.push(String(i) + j);\n  }\n}\npairs.join(",")',
      runtime,
    );
    expect(runtime.results).toEqual(['00,10,11']);
  });

  it('ticks on every generator resumption and passes the sent value through', async () => {
    const runtime = new FakeRuntime();
    await runCell(
      'function* echo(): Generator<number, number, number> {\n  const sent = yield 1;\n  return (yield sent) + 1;\n}\nconst it = echo();\nconst steps = [it.next(), it.next(5), it.next(41)];',
      runtime,
    );
    expect(runtime.ticks).toBe(2);
    expect(global('steps')).toEqual([
      { value: 1, done: false },
      { value: 5, done: false },
      { value: 42, done: true },
    ]);
  });

  it('sends every await through wait and resume, also in nested async functions', async () => {
    const runtime = new FakeRuntime(7);
    await runCell(
      'const first = await Promise.resolve(2);\nasync function twice(x: number) { return (await x) * 2; }\nconst second = await twice(first);\nconst third = await (async () => await Promise.resolve(3))();',
      runtime,
    );
    expect([global('first'), global('second'), global('third')]).toEqual([2, 4, 3]);
    expect(runtime.waits).toBe(5);
    expect(runtime.resumes).toBe(5);
  });

  it('runs `for await` through iterate', async () => {
    const runtime = new FakeRuntime();
    await runCell(
      'async function* three() { yield 1; yield 2; yield 3; }\nlet sum = 0;\nfor await (const v of three()) sum += v;',
      runtime,
    );
    expect(global('sum')).toBe(6);
    expect(runtime.iterations).toBe(3);
    expect(runtime.ticks).toBe(3 + 3);
  });
});

describe('last expression', () => {
  it('passes the value of the last expression statement to result', async () => {
    const runtime = new FakeRuntime();
    await runCell('const items = [1, 2];\nitems.map((i) => i * 10)\n;', runtime);
    expect(runtime.results).toEqual([[10, 20]]);
  });

  it('reports the last value of a sequence and of an awaited expression', async () => {
    const sequence = new FakeRuntime();
    await runCell('let a = 1;\na++, a', sequence);
    expect(sequence.results).toEqual([2]);
    const awaited = new FakeRuntime();
    await runCell('await Promise.resolve("done")', awaited);
    expect(awaited.results).toEqual(['done']);
  });

  it('reports nothing when the cell ends with a declaration or a block', async () => {
    const runtime = new FakeRuntime();
    await runCell('const v = 1;\nif (v) { v + 1; }', runtime);
    await runCell('const w = 1;', runtime);
    expect(runtime.results).toEqual([]);
  });
});
