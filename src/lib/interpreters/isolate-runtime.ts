import { stripTypes } from '../../core/strip-types.ts';
import { isPackedChannel, unpackChannel } from './channel.ts';
import type { ConsoleMethod, FromIsolate, IsolateErrorInfo, ToIsolate } from './protocol.ts';

/** The isolate's side of its worker: `self` in a worker. */
export interface IsolateScope {
  postMessage(message: FromIsolate): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'error' | 'unhandledrejection',
    listener: (event: { error?: unknown; reason?: unknown; preventDefault(): void }) => void,
  ): void;
  close?(): void;
  console: Console;
}

const METHODS: readonly ConsoleMethod[] = ['log', 'info', 'debug', 'warn', 'error'];

/** The name code frames carry in stacks; one per run, so V8 does not mix them up. */
const codeUrl = (runId: number) => `code-${runId}`;

/** A value that cannot be cloned, shown the way Node's inspector would name it. */
function describe(value: unknown): unknown {
  if (typeof value === 'function') return `[Function: ${value.name || '(anonymous)'}]`;
  if (typeof value === 'symbol') return value.toString();
  try {
    return structuredClone(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function errorInfo(error: unknown, runId: number): IsolateErrorInfo {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: `A non-error was thrown: ${String(error)}`, stack: '' };
  }
  const stack = (error.stack ?? '')
    .split('\n')
    .filter((line) => !/^\s+at /u.test(line) || line.includes(codeUrl(runId)))
    .join('\n')
    .replaceAll(codeUrl(runId), 'code');
  const info: IsolateErrorInfo = { name: error.name, message: error.message, stack };
  const syntax = error as { line?: unknown; column?: unknown };
  const at = /code:(\d+):(\d+)/u.exec(stack);
  if (typeof syntax.line === 'number' && typeof syntax.column === 'number') {
    info.line = syntax.line;
    info.column = syntax.column;
  } else if (at) {
    info.line = Number(at[1]);
    info.column = Number(at[2]);
  }
  return info;
}

/** Replaces packed channels by this side's channel ends, deeply. */
function unpack(value: unknown): unknown {
  if (isPackedChannel(value)) return unpackChannel(value);
  if (Array.isArray(value)) return value.map(unpack);
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unpack(item)]));
  }
  return value;
}

/**
 * Runs code strings in this worker's global scope, one at a time, as scripts
 * (indirect `eval`, so top-level declarations stay for the next run, like
 * the `__main__` of a Python sub-interpreter). TypeScript is accepted: types
 * are removed with sucrase, the kernel's transform, which keeps every line
 * where it was, so error lines are the code string's own.
 */
export function serveIsolate(scope: IsolateScope): void {
  const post = (message: FromIsolate) => scope.postMessage(message);
  for (const method of METHODS) {
    scope.console[method] = (...args: unknown[]) => {
      try {
        post({ type: 'console', method, args });
      } catch {
        post({ type: 'console', method, args: args.map(describe) });
      }
    };
  }
  const late = (error: unknown) =>
    post({ type: 'console', method: 'error', args: [`Uncaught ${String(error)}`] });
  scope.addEventListener('error', (event) => {
    event.preventDefault();
    late(event.error);
  });
  scope.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    late(event.reason);
  });
  const close = scope.close?.bind(scope);
  if (close) {
    scope.close = () => {
      post({ type: 'exit' });
      close();
    };
  }
  scope.addEventListener('message', (event) => {
    const request = event.data as ToIsolate;
    if (request?.type !== 'run') return;
    const { runId, code, shared } = request;
    try {
      for (const [name, value] of Object.entries(shared)) {
        Object.defineProperty(globalThis, name, {
          value: unpack(value),
          writable: true,
          configurable: true,
          enumerable: true,
        });
      }
      const script = `${stripTypes(code, codeUrl(runId)).code}\n//# sourceURL=${codeUrl(runId)}`;
      // biome-ignore lint/security/noGlobalEval: running the code string is what an isolate is for.
      const evaluate = globalThis.eval;
      evaluate(script);
      post({ type: 'done', runId });
    } catch (error) {
      post({ type: 'failed', runId, error: errorInfo(error, runId) });
    }
  });
}
