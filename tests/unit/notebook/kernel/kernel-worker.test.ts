import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputText } from '../../../../src/cells/output-text.ts';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import { CELL_MODULES } from '../../../../src/notebook/kernel/module-registry.ts';
import {
  KERNEL_CLOSED,
  type KernelClient,
  type KernelHealth,
  RESTART_REASON_STUCK,
  RESTART_REASON_UNRESPONSIVE,
} from '../../../../src/notebook/kernel-client.ts';
import { prebuildCell } from '../../../../src/notebook/transform/prebuild-cell.ts';
import { createClient, runCell } from './harness.ts';

let client: KernelClient;

beforeEach(async () => {
  client = createClient({ interruptGraceMs: 300 });
  await client.start();
});

afterEach(() => {
  client.close();
});

describe('kernel worker: scope and execution', () => {
  it('shares top-level declarations across runs and lets a const cell run again', async () => {
    await runCell(
      client,
      'a',
      'const x: number = 2;\nfunction double(n: number) { return n * 2; }',
    );
    const again = await runCell(client, 'a', 'const x: number = 3;');
    expect(again.status).toBe('done');
    const used = await runCell(client, 'b', 'console.log(double(x));');
    expect(used.text).toBe('6');
  });

  it('supports top-level await and reports the last expression', async () => {
    const run = await runCell(client, 'a', 'const v = await Promise.resolve(41);\nv + 1');
    expect(run.status).toBe('done');
    expect(run.items).toContainEqual({ kind: 'result', text: '42' });
  });

  it('counts executions', async () => {
    const counts: number[] = [];
    await runCell(client, 'a', '1', { onStarted: (n) => counts.push(n) });
    await runCell(client, 'a', '1', { onStarted: (n) => counts.push(n) });
    expect(counts).toEqual([1, 2]);
  });
});

describe('kernel worker: console', () => {
  it('formats values like Node', async () => {
    const run = await runCell(
      client,
      'fmt',
      [
        'function* count() { yield 1; }',
        'console.log(count().next());',
        "console.log(new Map([['a', 1]]), new Set([1, 2]));",
        'console.log(new Float64Array([1.5, 2]));',
        'class Point { constructor(public x: number, public y: number) {} }',
        'console.log(new Point(1, 2));',
        'console.log({ a: { b: { c: { d: 1 } } } });',
        "console.log('%s is %d', 'n', 42);",
        "console.warn('careful');",
      ].join('\n'),
    );
    expect(run.status).toBe('done');
    expect(run.text).toBe(
      [
        '{ value: 1, done: false }',
        "Map(1) { 'a' => 1 } Set(2) { 1, 2 }",
        'Float64Array(2) [ 1.5, 2 ]',
        'Point { x: 1, y: 2 }',
        '{ a: { b: { c: [Object] } } }',
        'n is 42',
        'careful',
      ].join('\n'),
    );
    expect(run.items.at(-1)).toEqual({ kind: 'stream', stream: 'stderr', text: 'careful\n' });
  });

  it('renders console.table as a table item with Node-like text', async () => {
    const run = await runCell(client, 't', "console.table([{ a: 1, b: 'x' }, { a: 22 }]);");
    const item = run.items[0];
    expect(item?.kind === 'display' && item.data.mime).toBe('application/vnd.yieldbook.table+json');
    expect(run.text).toBe(
      [
        '┌─────────┬────┬─────┐',
        '│ (index) │ a  │ b   │',
        '├─────────┼────┼─────┤',
        "│ 0       │ 1  │ 'x' │",
        '│ 1       │ 22 │     │',
        '└─────────┴────┴─────┘',
      ].join('\n'),
    );
  });

  it('attributes timer output after finished to the run that scheduled it', async () => {
    const { promise: late, resolve } = Promise.withResolvers<OutputItem[]>();
    const first = await runCell(client, 'a', "void setTimeout(() => console.log('late a'), 5);", {
      onOutput: (items) => {
        if (outputText(items).includes('late a')) resolve(items);
      },
    });
    expect(first.status).toBe('done');
    const second = await runCell(client, 'b', "console.log('b');");
    await late;
    expect(outputText(first.items)).toBe('late a');
    expect(second.text).toBe('b');
  });

  it("ends a run's output route when its cell runs again", async () => {
    const first = await runCell(
      client,
      'a',
      "var fired = new Promise<void>((done) => setTimeout(() => { console.log('late a'); done(); }, 5));",
    );
    const second = await runCell(client, 'a', "console.log('again');");
    // The timer's output is flushed before `finished` of the run that waited for it.
    const waited = await runCell(client, 'b', 'await fired;');
    expect(first.items).toEqual([]);
    expect(second.text).toBe('again');
    expect(waited.text).toBe('');
  });

  it('reports an error thrown in a timer as a late error of its run', async () => {
    const { promise: late, resolve } = Promise.withResolvers<void>();
    const run = await runCell(
      client,
      'a',
      "void setTimeout(() => { throw new TypeError('later'); }, 1);",
      {
        onOutput: (items) => {
          if (items.some((item) => item.kind === 'error')) resolve();
        },
      },
    );
    await late;
    expect(run.items).toContainEqual(
      expect.objectContaining({
        kind: 'error',
        late: true,
        error: expect.objectContaining({ name: 'TypeError' }),
      }),
    );
  });

  it("passes an unhandled rejection on to the cell's own listener, after its report", async () => {
    const run = await runCell(
      client,
      'a',
      [
        'const seen = (event: PromiseRejectionEvent) =>',
        "  console.log('listener:', String(event.reason), event.promise instanceof Promise);",
        "addEventListener('unhandledrejection', seen);",
        "void Promise.reject(new RangeError('floating'));",
        'await new Promise((done) => setTimeout(done, 50));',
        "removeEventListener('unhandledrejection', seen);",
        "void Promise.reject(new RangeError('unheard'));",
        'await new Promise((done) => setTimeout(done, 50));',
      ].join('\n'),
    );
    expect(run.text).toBe(
      ['RangeError: floating', 'listener: RangeError: floating true', 'RangeError: unheard'].join(
        '\n',
      ),
    );
  });
});

describe('kernel worker: interrupt', () => {
  it('stops a busy loop and keeps the variables', async () => {
    await runCell(client, 'a', 'const kept = "still here";');
    const { promise: started, resolve } = Promise.withResolvers<void>();
    const running = runCell(client, 'b', 'let spins = 0;\nwhile (true) { spins++; }', {
      onStarted: () => resolve(),
    });
    await started;
    expect(await client.interrupt()).toBe('stopped');
    const run = await running;
    expect(run.status).toBe('interrupted');
    expect(run.text).toBe('InterruptError: Interrupted');
    const after = await runCell(client, 'c', 'console.log(kept, typeof spins);');
    expect(after.text).toBe('still here number');
  });

  it('stops a cell parked on a promise that never settles', async () => {
    const { promise: started, resolve } = Promise.withResolvers<void>();
    const running = runCell(client, 'a', 'await new Promise(() => {});', {
      onStarted: () => resolve(),
    });
    await started;
    expect(await client.interrupt()).toBe('stopped');
    expect((await running).status).toBe('interrupted');
  });

  it('stops a for…of over an endless generator', async () => {
    const { promise: started, resolve } = Promise.withResolvers<void>();
    const code =
      'function* naturals() { let n = 0; while (true) yield n++; }\nfor (const n of naturals()) {}';
    const running = runCell(client, 'a', code, { onStarted: () => resolve() });
    await started;
    expect(await client.interrupt()).toBe('stopped');
    expect((await running).status).toBe('interrupted');
  });

  it('restarts the worker when a cell swallows the interrupt, and says why', async () => {
    await runCell(client, 'a', 'const lost = 1;');
    const reasons: string[] = [];
    client.onRestarted((reason) => reasons.push(reason));
    const { promise: spinning, resolve } = Promise.withResolvers<void>();
    // Output proves the cell is inside the `try`, where it swallows the interrupt.
    const code = "while (true) {\n  try { while (true) console.log('spin'); } catch {}\n}";
    const running = runCell(client, 'b', code, { onOutput: () => resolve() });
    await spinning;
    expect(await client.interrupt()).toBe('restarted');
    expect((await running).status).toBe('interrupted');
    expect(reasons).toEqual([RESTART_REASON_STUCK]);
    const after = await runCell(client, 'c', 'console.log(typeof lost);');
    expect(after.text).toBe('undefined');
  });

  it('interrupts a run that exceeds its timeout and explains it', async () => {
    const run = await runCell(client, 'a', 'await new Promise(() => {});', { timeoutMs: 50 });
    expect(run.status).toBe('interrupted');
    expect(run.text).toBe('TimeoutError: The cell did not finish within 50 ms and was interrupted');
  });
});

describe('kernel worker: heartbeat', () => {
  /** Resolves with the first health the client reports that is in `wanted`. */
  function healthOf(subject: KernelClient, ...wanted: KernelHealth[]): Promise<KernelHealth> {
    return new Promise((resolve) => {
      const stop = subject.onHealth((health) => {
        if (!wanted.includes(health)) return;
        stop();
        resolve(health);
      });
    });
  }

  it('finds a kernel stuck in a promise chain that re-queues itself unresponsive; Interrupt replaces it', async () => {
    const fast = createClient({ heartbeatMs: 20 });
    try {
      await runCell(fast, 'a', 'const kept = 1;');
      const loop = await runCell(
        fast,
        'b',
        'const f = (): Promise<void> => Promise.resolve().then(f);\nf();',
      );
      expect(loop.status).toBe('done');
      const next = runCell(fast, 'c', 'console.log(kept);');
      expect(await healthOf(fast, 'unresponsive', 'busy')).toBe('unresponsive');
      expect(await fast.interrupt()).toBe('restarted');
      const ended = await next;
      expect(ended.status).toBe('interrupted');
      expect(ended.text).toBe(`KernelRestart: ${RESTART_REASON_UNRESPONSIVE}`);
      expect(fast.health).toBe('ok');
      expect((await runCell(fast, 'd', 'console.log(typeof kept);')).text).toBe('undefined');
    } finally {
      fast.close();
    }
  }, 30_000);

  it('hears a cell close the kernel, ends its run with the reason, and refuses runs until Restart', async () => {
    const run = await runCell(client, 'a', 'self.close();');
    expect(client.health).toBe('closed');
    expect(run.status).toBe('error');
    expect(run.text).toBe(`KernelClosed: ${KERNEL_CLOSED}`);
    await expect(runCell(client, 'b', '1')).rejects.toThrow(KERNEL_CLOSED);
    await client.restart();
    expect(client.health).toBe('ok');
    expect((await runCell(client, 'c', 'console.log(2);')).text).toBe('2');
  });

  it('finds a busy loop busy, not unresponsive, and Interrupt still stops it in place', async () => {
    const fast = createClient({ heartbeatMs: 20 });
    try {
      await runCell(fast, 'a', 'const kept = 1;');
      const running = runCell(fast, 'b', 'while (true) {}');
      expect(await healthOf(fast, 'unresponsive', 'busy')).toBe('busy');
      expect(await fast.interrupt()).toBe('stopped');
      expect((await running).status).toBe('interrupted');
      expect((await runCell(fast, 'c', 'console.log(kept);')).text).toBe('1');
    } finally {
      fast.close();
    }
  });
});

describe('kernel worker: output cap', () => {
  it('drops output past the cap and reports cumulative counts', async () => {
    const capped = createClient({ outputCap: 100 });
    try {
      const run = await runCell(
        capped,
        'a',
        "for (let i = 0; i < 50; i++) console.log('line ' + i);",
      );
      const kept = run.items
        .filter((item) => item.kind === 'stream')
        .map((item) => (item.kind === 'stream' ? item.text : ''));
      expect(kept.join('').length).toBe(100);
      const dropped = run.items.filter((item) => item.kind === 'dropped');
      // 390 characters in all: 100 kept (the 14th line cut after 6 of its 8), 36 lines and 2 characters dropped.
      expect(dropped.at(-1)).toEqual({ kind: 'dropped', items: 36, chars: 290 });
      expect(run.text.endsWith('line 12\nline 1… 290 characters of output dropped')).toBe(true);
    } finally {
      capped.close();
    }
  });

  it('survives a flood until interrupted', async () => {
    const capped = createClient({ outputCap: 1000 });
    try {
      const { promise: flooding, resolve } = Promise.withResolvers<void>();
      const running = runCell(capped, 'a', 'let i = 0;\nwhile (true) console.log({ i: i++ });', {
        onOutput: (items) => {
          if (items.some((item) => item.kind === 'dropped')) resolve();
        },
      });
      await flooding;
      expect(await capped.interrupt()).toBe('stopped');
      const run = await running;
      expect(run.status).toBe('interrupted');
      const last = run.items.filter((item) => item.kind === 'dropped').at(-1);
      expect(last?.kind === 'dropped' && last.items).toBeGreaterThan(0);
      expect(run.text.startsWith('{ i: 0 }\n{ i: 1 }')).toBe(true);
    } finally {
      capped.close();
    }
  });
});

describe('kernel worker: errors and imports', () => {
  it('points errors at TypeScript lines and columns', async () => {
    const code = [
      'const label: string = "n";',
      'function fail(value: number): never {',
      "  throw new RangeError(label + ' = ' + value);",
      '}',
      'fail(3);',
    ].join('\n');
    const run = await runCell(client, 'err', code);
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({
      name: 'RangeError',
      message: 'n = 3',
      line: 3,
      column: 9,
      cellId: 'err',
    });
    expect(run.error?.stack).toMatch(/^RangeError: n = 3\n {4}at err:3:9\n {4}at err:5:1$/);
  });

  it('runs a cell compiled at build time with the same output and error positions', async () => {
    const code = [
      'const label: string = "n";',
      'function fail(value: number): never {',
      "  throw new RangeError(label + ' = ' + value);",
      '}',
      'console.log(label as string);',
      'fail(3);',
    ].join('\n');
    const prebuilt = prebuildCell(code, 'pre');
    expect(prebuilt).not.toBeNull();
    const built = await runCell(client, 'pre', code, prebuilt === null ? {} : { prebuilt });
    const transformed = await runCell(client, 'pre', code);
    expect(built.text).toBe('n\nRangeError: n = 3');
    expect(built.error?.stack).toMatch(/^RangeError: n = 3\n {4}at pre:3:9\n {4}at pre:6:1$/);
    expect({ ...built, durationMs: 0 }).toEqual({ ...transformed, durationMs: 0 });
  });

  it('reports syntax errors with their position', async () => {
    const run = await runCell(client, 'bad', 'const ok = 1;\nconst = 2;');
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({ name: 'SyntaxError', line: 2, cellId: 'bad' });
  });

  it('reports thrown non-errors', async () => {
    const run = await runCell(client, 'a', 'throw 42;');
    expect(run.text).toBe('Uncaught: 42');
  });

  it('imports course modules and refuses unknown ones with the list', async () => {
    const ok = await runCell(
      client,
      'a',
      "import { table } from 'yieldbook/display';\nconsole.log(typeof table);",
    );
    expect(ok.text).toBe('function');
    const run = await runCell(client, 'b', "import OpenAI from 'nope';");
    // The list grows with the course library; it is every registered module, sorted.
    const available = Object.keys(CELL_MODULES).sort().join(', ');
    expect(available).toContain('yieldbook/check, yieldbook/display');
    expect(run.text).toBe(`Error: Cannot import "nope" in a cell. Available: ${available}`);
  });

  it('has display and progress as globals', async () => {
    const run = await runCell(
      client,
      'a',
      "display('hi');\nfor (const _ of progress([1, 2], { label: 'p' })) {}",
    );
    expect(run.text).toBe('hi\np: 2/2 |████████████████████| 100%');
  });
});
