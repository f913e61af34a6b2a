/**
 * Splits an upstream event stream into whole SSE events as bytes arrive, so
 * each event is forwarded the moment its blank line comes in (never later,
 * never half of one), and so text can be redacted without a secret slipping
 * through split across two network chunks.
 */
import { concatBytes } from './concat-bytes.ts';

const LF = 0x0a;
const CR = 0x0d;

// Where the scan stands, after the last byte seen (a blank line is two line ends in a row).
/** Inside a line. */
const IN_LINE = 0;
/** A line ended with CR; an LF next would be the rest of a CRLF. */
const AFTER_CR = 1;
/** A line ended with LF (alone or closing a CRLF). */
const AFTER_LF = 2;
/** The event is complete, its blank line ended by a CR; an LF next still belongs to it. */
const END_CR = 3;

/** Options of `SseFramer`. */
export interface SseFramerOptions {
  /**
   * Largest event accepted, in bytes, its blank line included; past it the framer stops.
   * @default Infinity
   */
  maxEventBytes?: number;
}

/**
 * Cuts a byte stream into complete events (each with its terminating blank line).
 * Lines may end with LF, CRLF or CR (the SSE grammar). Every byte is examined once:
 * the scan state carries over between chunks, so a blank line split across chunks
 * (even inside a CRLF) is found without looking back.
 */
export class SseFramer {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #maxEventBytes: number;
  /** Bytes of the event being received, as they arrived. */
  #parts: Uint8Array[] = [];
  #partBytes = 0;
  #state = IN_LINE;
  #scanned = 0;
  #overflowed = false;

  constructor({ maxEventBytes = Number.POSITIVE_INFINITY }: SseFramerOptions = {}) {
    if (!(maxEventBytes >= 1)) {
      throw new TypeError(
        `Expected \`maxEventBytes\` to be a number of at least 1, got ${String(maxEventBytes)}`,
      );
    }
    this.#maxEventBytes = maxEventBytes;
  }

  /** True once an event grew past `maxEventBytes`; the framer then ignores further input. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** Bytes examined so far: each byte pushed is examined exactly once. */
  get scannedBytes(): number {
    return this.#scanned;
  }

  /** Feeds bytes; returns the events completed by them, in order. */
  push(bytes: Uint8Array): string[] {
    if (this.#overflowed) return [];
    const events: string[] = [];
    let start = 0;
    let state = this.#state;
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index];
      let end = -1;
      if (state === IN_LINE) {
        if (byte === CR) state = AFTER_CR;
        else if (byte === LF) state = AFTER_LF;
      } else if (state === AFTER_CR) {
        if (byte === LF) state = AFTER_LF;
        // CR CR: a CR-only stream, whose blank line is complete now.
        else if (byte === CR) end = index + 1;
        else state = IN_LINE;
      } else if (state === AFTER_LF) {
        if (byte === LF) end = index + 1;
        else if (byte === CR) state = END_CR;
        else state = IN_LINE;
      } else if (byte === LF) {
        end = index + 1;
      } else {
        // The blank line was a lone CR: the event ended before this byte, which starts the next.
        end = index;
      }
      if (end < 0) continue;
      const event = this.#take(bytes.subarray(start, end));
      if (event === null) {
        this.#scanned += index + 1;
        return events;
      }
      events.push(event);
      start = end;
      state = IN_LINE;
      if (end === index) {
        if (byte === CR) state = AFTER_CR;
        else if (byte === LF) state = AFTER_LF;
      }
    }
    this.#scanned += bytes.length;
    this.#state = state;
    if (start < bytes.length) {
      this.#partBytes += bytes.length - start;
      if (this.#partBytes > this.#maxEventBytes) {
        this.#overflow();
        return events;
      }
      this.#parts.push(bytes.subarray(start));
    }
    return events;
  }

  /** Whatever is left at the end of the stream (an unterminated last event), or ''. */
  flush(): string {
    const rest = this.#overflowed ? '' : this.#decoder.decode(concatBytes(this.#parts));
    this.#parts = [];
    this.#partBytes = 0;
    this.#state = IN_LINE;
    return rest;
  }

  /** The pending bytes plus `tail` as one event, or null (and overflowed) when it is too large. */
  #take(tail: Uint8Array): string | null {
    if (this.#partBytes + tail.length > this.#maxEventBytes) {
      this.#overflow();
      return null;
    }
    // An event ends at a CR or LF, so it never ends inside a UTF-8 sequence.
    const text = this.#decoder.decode(
      this.#parts.length === 0 ? tail : concatBytes([...this.#parts, tail]),
    );
    this.#parts = [];
    this.#partBytes = 0;
    return text;
  }

  #overflow(): void {
    this.#overflowed = true;
    this.#parts = [];
    this.#partBytes = 0;
  }
}
