import { inspect } from 'node-inspect-extracted';
import type { DisplayData } from '../../core/display-data.ts';
import { tableRows } from './console-table.ts';
import { formatArgs } from './format.ts';

type Stream = 'stdout' | 'stderr';

/** Where captured console output goes. */
export interface ConsoleSink {
  write(stream: Stream, text: string): void;
  display(data: DisplayData): void;
  /** True once the current run is past its output cap: then only `countDropped` is called. */
  isCapped(): boolean;
  countDropped(chars: number): void;
  /** Cell frames of the caller, for `console.trace` (lines like `    at cell:1:2`). */
  trace(): string[];
  now(): number;
}

const METHODS = [
  'log',
  'info',
  'debug',
  'warn',
  'error',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'groupEnd',
  'time',
  'timeEnd',
  'timeLog',
  'count',
  'countReset',
  'assert',
  'clear',
] as const;

/** Cheap size of arguments that will not be shown, so a flood past the cap stays fast. */
function roughLength(args: readonly unknown[]): number {
  let length = args.length;
  for (const arg of args) {
    if (typeof arg === 'string') length += arg.length;
    else if (typeof arg === 'number' || typeof arg === 'boolean') length += String(arg).length;
  }
  return length;
}

/** Node's `console.time` formatting: milliseconds with up to three decimals, then seconds. */
function formatDuration(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.floor(ms / 60_000);
    const seconds = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
    return `${minutes}:${seconds} (m:ss.mmm)`;
  }
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

/**
 * Builds console methods that format like Node and write to `sink`, with
 * group indentation, counters and timers. Installed over `console` by
 * `captureConsole`.
 */
function createConsole(
  sink: ConsoleSink,
): Record<(typeof METHODS)[number], (...args: unknown[]) => void> {
  let indent = '';
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();

  const emit = (stream: Stream, text: string) => {
    const body = indent ? text.replaceAll('\n', `\n${indent}`) : text;
    sink.write(stream, `${indent}${body}\n`);
  };
  const print = (stream: Stream, args: readonly unknown[]) => {
    if (sink.isCapped()) sink.countDropped(roughLength(args));
    else emit(stream, formatArgs(args));
  };
  const label = (value: unknown) => (value === undefined ? 'default' : String(value));
  const elapsed = (name: string, method: string): string | null => {
    const start = timers.get(name);
    if (start === undefined) {
      emit('stderr', `Warning: No such label '${name}' for console.${method}()`);
      return null;
    }
    return `${name}: ${formatDuration(sink.now() - start)}`;
  };

  return {
    log: (...args) => print('stdout', args),
    info: (...args) => print('stdout', args),
    debug: (...args) => print('stdout', args),
    warn: (...args) => print('stderr', args),
    error: (...args) => print('stderr', args),
    trace: (...args) => {
      if (sink.isCapped()) return sink.countDropped(roughLength(args));
      const message = args.length > 0 ? `Trace: ${formatArgs(args)}` : 'Trace';
      emit('stderr', [message, ...sink.trace()].join('\n'));
    },
    dir: (value, options) => {
      if (sink.isCapped()) return sink.countDropped(1);
      emit(
        'stdout',
        inspect(value, { customInspect: false, ...(options as object), colors: false }),
      );
    },
    dirxml: (...args) => print('stdout', args),
    table: (data, properties) => {
      if (sink.isCapped()) return sink.countDropped(1);
      const table = tableRows(data, Array.isArray(properties) ? properties.map(String) : undefined);
      if (!table) return print('stdout', [data]);
      sink.display({
        mime: 'application/vnd.yieldbook.table+json',
        columns: table.columns,
        rows: table.rows,
        text: indent ? indent + table.text.replaceAll('\n', `\n${indent}`) : table.text,
      });
    },
    group: (...args) => {
      if (args.length > 0) print('stdout', args);
      indent += '  ';
    },
    groupCollapsed: (...args) => {
      if (args.length > 0) print('stdout', args);
      indent += '  ';
    },
    groupEnd: () => {
      indent = indent.slice(0, -2);
    },
    time: (name) => {
      const key = label(name);
      if (timers.has(key))
        emit('stderr', `Warning: Label '${key}' already exists for console.time()`);
      else timers.set(key, sink.now());
    },
    timeEnd: (name) => {
      const key = label(name);
      const text = elapsed(key, 'timeEnd');
      timers.delete(key);
      if (text !== null) print('stdout', [text]);
    },
    timeLog: (name, ...data) => {
      const text = elapsed(label(name), 'timeLog');
      if (text !== null) print('stdout', [text, ...data]);
    },
    count: (name) => {
      const key = label(name);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      print('stdout', [`${key}: ${count}`]);
    },
    countReset: (name) => {
      const key = label(name);
      if (counts.has(key)) counts.set(key, 0);
      else emit('stderr', `Warning: Count for '${key}' does not exist`);
    },
    assert: (condition, ...data) => {
      if (condition) return;
      const [first, ...rest] = data;
      if (typeof first === 'string') print('stderr', [`Assertion failed: ${first}`, ...rest]);
      else print('stderr', ['Assertion failed', ...data]);
    },
    clear: () => {},
  };
}

/** Replaces the methods of `target` (the global console); returns a function that restores them. */
export function captureConsole(target: Console, sink: ConsoleSink): () => void {
  const replacement = createConsole(sink);
  const record = target as unknown as Record<string, unknown>;
  const saved = new Map(METHODS.map((name) => [name, record[name]] as const));
  for (const name of METHODS) record[name] = replacement[name];
  return () => {
    for (const [name, method] of saved) record[name] = method;
  };
}
