/**
 * A Node stream read as a `BodySource`: chunk by chunk, with the stream's own buffer and
 * no WHATWG stream in between (`Readable.toWeb` and undici's bodies were a large share of
 * the proxy's CPU; docs/benchmarks.md, "Proxy"). Used for the client's request body and
 * the upstream's answer, with their headers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { BodySource, ChunkReader, HeaderReader } from './types.ts';

/** Raised when a stream closes before its end (a dropped connection). */
export class BodyClosedError extends Error {
  constructor() {
    super('The connection closed before the body ended');
    this.name = 'BodyClosedError';
  }
}

const DONE: ReadableStreamReadResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/** What cancelling a body does to its stream. */
export type CancelMode =
  /** Destroy it, and its connection: an upstream answer no one will read. */
  | 'destroy'
  /**
   * Read and drop the rest: a client's request body, whose refusal (413, 408) must still
   * reach the client over the same connection.
   */
  | 'discard';

/**
 * A reader over `stream`. A read fails with the stream's error, or `BodyClosedError` when
 * the stream closes before its end; `cancel` destroys or discards the rest (`mode`).
 */
export function nodeChunkReader(stream: Readable, mode: CancelMode = 'destroy'): ChunkReader {
  let ended = stream.readableEnded;
  let failure: unknown = null;
  let waiting: (() => void) | null = null;
  const wake = () => {
    const resolve = waiting;
    waiting = null;
    resolve?.();
  };
  const onEnd = () => {
    ended = true;
    wake();
  };
  const onError = (error: unknown) => {
    failure ??= error;
    wake();
  };
  const onClose = () => {
    if (!ended) failure ??= new BodyClosedError();
    wake();
  };
  stream.on('readable', wake);
  stream.once('end', onEnd);
  stream.on('error', onError);
  stream.once('close', onClose);
  return {
    async read() {
      for (;;) {
        if (failure !== null) throw failure;
        const chunk: Buffer | null = stream.read();
        if (chunk !== null) return { done: false, value: chunk };
        if (ended) return DONE;
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      }
    },
    async cancel(reason) {
      if (!ended) failure ??= reason ?? new BodyClosedError();
      if (mode === 'destroy') {
        stream.destroy();
      } else {
        stream.off('readable', wake);
        stream.resume();
      }
      wake();
    },
  };
}

/** `stream` as a body that is read once; `mode` says what cancelling it does. */
export function nodeBody(stream: Readable, mode: CancelMode = 'destroy'): BodySource {
  let reader: ChunkReader | null = null;
  return {
    getReader() {
      if (reader !== null) throw new TypeError('Expected a body read once, got a second reader');
      reader = nodeChunkReader(stream, mode);
      return reader;
    },
    cancel: async (reason) => {
      reader ??= nodeChunkReader(stream, mode);
      await reader.cancel(reason);
    },
  };
}
/** Node's headers of a message (names lower-cased already) as the proxy reads them. */
export function nodeHeaders(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
