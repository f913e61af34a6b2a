import type { IsolateErrorInfo } from './protocol.ts';

/**
 * Code run with `runString` raised an error inside the isolate. Python's
 * `RunFailedError`: the original error's name, message and line come back as
 * fields, and all three are in the message.
 */
export class RunFailedError extends Error {
  /** Id of the isolate the code ran in. */
  readonly isolateId: number;
  /** Name of the error raised inside (`ReferenceError`, `TypeError`, …). */
  readonly errorName: string;
  /** Its message. */
  readonly errorMessage: string;
  /** 1-based line in the code string, when known. */
  readonly line: number | undefined;
  /** The stack inside the isolate (frames of the code string as `code:<line>:<column>`). */
  readonly isolateStack: string;

  constructor(isolateId: number, error: IsolateErrorInfo) {
    const where = error.line === undefined ? '' : ` (line ${error.line})`;
    super(`${error.name}: ${error.message}${where}`);
    this.name = 'RunFailedError';
    this.isolateId = isolateId;
    this.errorName = error.name;
    this.errorMessage = error.message;
    this.line = error.line;
    this.isolateStack = error.stack;
  }
}

/** The isolate is gone: destroyed, ended by its own code, or failed to start. */
export class IsolateGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IsolateGoneError';
  }
}

/** A value given to `runString` or `send` cannot cross into another isolate. */
export class NotShareableError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'NotShareableError';
  }
}

/** `recv` on a closed, empty channel, or `send` on a closed one. */
export class ChannelClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelClosedError';
  }
}
