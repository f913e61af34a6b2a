import type { WireError } from './protocol.ts';

/** A worker of the pool stopped (crashed, exited or failed to load) while running a task. */
export class WorkerDiedError extends Error {
  override name = 'WorkerDiedError';
}

/** Work was submitted to a pool after `close()` or `terminate()`. */
export class PoolClosedError extends Error {
  override name = 'PoolClosedError';
}

/** `terminate()` stopped the pool while the task was queued or running. */
export class PoolTerminatedError extends Error {
  override name = 'PoolTerminatedError';
}

/** A function cannot be sent to a worker: it is not self-contained (the analog of a PicklingError). */
export class ShippingError extends TypeError {
  override name = 'ShippingError';
}

/** The error `AbortSignal.abort()` gives when no reason is passed. */
export function abortError(message = 'The operation was aborted'): Error {
  return typeof DOMException === 'function'
    ? (new DOMException(message, 'AbortError') as unknown as Error)
    : Object.assign(new Error(message), { name: 'AbortError' });
}

/** The reason of an aborted signal, always an Error-like value. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? abortError();
}

/** Packs what a task threw for `postMessage`. */
export function toWireError(thrown: unknown): WireError {
  if (
    thrown instanceof Error ||
    (typeof thrown === 'object' && thrown !== null && 'message' in thrown && 'name' in thrown)
  ) {
    const error = thrown as Error;
    return {
      isError: true,
      name: String(error.name),
      message: String(error.message),
      stack: String(error.stack ?? ''),
    };
  }
  let value: unknown = thrown;
  try {
    structuredClone(thrown);
  } catch {
    value = String(thrown);
  }
  return { isError: false, name: 'Error', message: String(thrown), stack: '', value };
}

const BUILT_IN: Readonly<Record<string, new (message: string) => Error>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * Rebuilds a task's error in the pool's realm: a built-in class where the
 * name is one, else an `Error` carrying the name; the worker's stack is kept.
 */
export function fromWireError(wire: WireError): unknown {
  if (!wire.isError) return wire.value;
  const Constructor = Object.hasOwn(BUILT_IN, wire.name) ? BUILT_IN[wire.name] : undefined;
  const error = Constructor ? new Constructor(wire.message) : new Error(wire.message);
  if (error.name !== wire.name) {
    Object.defineProperty(error, 'name', { value: wire.name, writable: true, configurable: true });
  }
  if (wire.stack) error.stack = wire.stack;
  return error;
}
