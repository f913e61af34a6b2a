import { afterEach, describe, expect, it } from 'vitest';
import Worker from 'web-worker';
import {
  create,
  createChannel,
  destroy,
  IsolateGoneError,
  listAll,
  NotShareableError,
  RunFailedError,
  runString,
} from '../../../../src/lib/interpreters/index.ts';
import type { ConsoleMethod, FromIsolate } from '../../../../src/lib/interpreters/protocol.ts';

const ENTRY = new URL('../../../../src/lib/interpreters/isolate.worker.ts', import.meta.url);

/** An isolate whose console output is collected instead of printed. */
function isolate(): { id: number; printed: [ConsoleMethod, unknown[]][] } {
  const printed: [ConsoleMethod, unknown[]][] = [];
  const id = create({ output: (method, args) => printed.push([method, args]) });
  return { id, printed };
}

afterEach(() => {
  for (const id of listAll()) destroy(id);
});

describe('create, runString, destroy', () => {
  it('runs code in an isolate and brings its console output back before resolving', async () => {
    const { id, printed } = isolate();
    expect(listAll()).toEqual([id]);
    await runString(id, 'console.log("Hello, isolates");\nconsole.error("oops", 1)');
    expect(printed).toEqual([
      ['log', ['Hello, isolates']],
      ['error', ['oops', 1]],
    ]);
    destroy(id);
    expect(listAll()).toEqual([]);
  });

  it("runs its worker entry through the web-worker package's own Worker class too", async () => {
    const printed: unknown[][] = [];
    const id = create({
      output: (_, args) => printed.push(args),
      spawn: () => {
        const worker = new Worker(ENTRY, { type: 'module' });
        return {
          postMessage: (message) => worker.postMessage(message),
          onMessage: (listener) =>
            worker.addEventListener('message', (event) => listener(event.data as FromIsolate)),
          onExit: () => {},
          terminate: () => worker.terminate(),
        };
      },
    });
    await runString(id, 'const n: number = 6;\nconsole.log(n * 7);');
    expect(printed).toEqual([[42]]);
  });

  it('defines `shared` names as globals and keeps functions and vars between runs', async () => {
    const { id, printed } = isolate();
    await runString(id, 'function square(n: number): number { return n ** 2; }\nvar runs = 1;');
    await runString(id, 'runs += 1;\nconsole.log(message, square(input), runs);', {
      message: 'Hello',
      input: 3,
    });
    await runString(id, 'console.log(message, square(input), runs);', {
      message: 'again',
      input: 4,
    });
    expect(printed.map(([, args]) => args)).toEqual([
      ['Hello', 9, 2],
      ['again', 16, 2],
    ]);
  });

  it('copies plain data in: nested objects, arrays, bigints, bytes', async () => {
    const { id, printed } = isolate();
    const data = { name: 'grid', size: [2, 3], big: 10n ** 20n, bytes: new Uint8Array([1, 2]) };
    await runString(id, 'data.size.push(4);\nconsole.log(data);', { data });
    expect(printed[0]?.[1]).toEqual([{ ...data, size: [2, 3, 4] }]);
    expect(data.size).toEqual([2, 3]);
  });

  it('shares SharedArrayBuffer memory instead of copying it', async () => {
    const { id } = isolate();
    const cells = new Int32Array(new SharedArrayBuffer(16));
    await runString(id, 'for (let i = 0; i < cells.length; i++) cells[i] = i * 10;', { cells });
    expect([...cells]).toEqual([0, 10, 20, 30]);
  });

  it('refuses functions, class instances, symbols and cycles with the path and the reason', () => {
    const { id } = isolate();
    class Point {
      x = 1;
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => runString(id, '', { fn: () => 1 })).toThrow(NotShareableError);
    expect(() => runString(id, '', { fn: () => 1 })).toThrow(
      /^shared\.fn cannot cross into an isolate: an isolate shares no code/,
    );
    expect(() => runString(id, '', { p: { at: new Point() } })).toThrow(
      /^shared\.p\.at cannot cross into an isolate: an instance of Point would arrive without its class/,
    );
    expect(() => runString(id, '', { list: [1, new Map()] })).toThrow(
      /shared\.list\[1\].*instance of Map/,
    );
    expect(() => runString(id, '', { s: Symbol('s') })).toThrow(/shared\.s.*symbol/);
    expect(() => runString(id, '', { cyclic })).toThrow(/shared\.cyclic\.self.*cycle/);
    expect(() => runString(id, '', { 'not a name': 1 })).toThrow(/identifiers/);
  });

  it('rejects with the error raised inside: name, message and line of the code string', async () => {
    const { id } = isolate();
    const failure = runString(id, 'const a = 1;\n\nmissing(a);');
    await expect(failure).rejects.toBeInstanceOf(RunFailedError);
    await expect(failure).rejects.toMatchObject({
      name: 'RunFailedError',
      message: 'ReferenceError: missing is not defined (line 3)',
      errorName: 'ReferenceError',
      errorMessage: 'missing is not defined',
      line: 3,
      isolateId: id,
    });
    await expect(runString(id, 'let x: = 2;')).rejects.toMatchObject({
      errorName: 'SyntaxError',
      line: 1,
    });
    await expect(
      runString(id, 'function f() {\n  throw new RangeError("deep");\n}\nf();'),
    ).rejects.toMatchObject({ errorName: 'RangeError', errorMessage: 'deep', line: 2 });
    // The isolate survives its errors.
    await expect(runString(id, 'console.log(1)')).resolves.toBeUndefined();
  });

  it('has none of its creator: no cell variables, no DOM, no page globals', async () => {
    const { id, printed } = isolate();
    const outside = 'visible here';
    expect(outside).toBe('visible here');
    await runString(
      id,
      'console.log(typeof outside, typeof document, typeof window, typeof display);',
    );
    expect(printed[0]?.[1]).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('runs several isolates at the same time', async () => {
    const ids = [isolate().id, isolate().id, isolate().id];
    const counts = new Int32Array(new SharedArrayBuffer(4));
    await Promise.all(
      ids.map((id) =>
        runString(id, 'for (let i = 0; i < 1000; i++) Atomics.add(counts, 0, 1);', { counts }),
      ),
    );
    expect(counts[0]).toBe(3000);
  });
});

describe('an isolate that goes away', () => {
  it('destroy while running rejects the run and frees the id', async () => {
    const { id } = isolate();
    const started = createChannel();
    const running = runString(id, 'started.send("spinning");\nwhile (true) {}', { started });
    expect(await started.recv()).toBe('spinning');
    destroy(id);
    await expect(running).rejects.toThrow(IsolateGoneError);
    await expect(running).rejects.toThrow(`Isolate ${id} was destroyed before the code finished`);
    expect(() => runString(id, '')).toThrow(/Expected the id of a live isolate, got \d+/);
    expect(() => destroy(id)).toThrow(IsolateGoneError);
  });

  it('an aborted run destroys the isolate', async () => {
    const { id } = isolate();
    const started = createChannel();
    const controller = new AbortController();
    const running = runString(id, 'started.send(1);\nwhile (true) {}', { started }, controller);
    await started.recv();
    controller.abort(new Error('enough'));
    await expect(running).rejects.toThrow('enough');
    expect(listAll()).not.toContain(id);
  });

  it('a killed isolate fails its run and every later one, saying why', async () => {
    const { id } = isolate();
    const killed = runString(id, 'process.exit(3);');
    await expect(killed).rejects.toThrow(`Isolate ${id} stopped: its thread exited with code 3`);
    await expect(runString(id, 'console.log(1)')).rejects.toThrow(/exited with code 3/);
    destroy(id);
  });

  it('an isolate that closes itself says so', async () => {
    const { id } = isolate();
    await expect(runString(id, 'close();\nconsole.log("after close");')).rejects.toThrow(
      `Isolate ${id} ended itself (its code called close())`,
    );
  });
});
