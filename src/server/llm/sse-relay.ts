/**
 * Splits an upstream event stream into whole SSE events as bytes arrive, so
 * each event is forwarded the moment its blank line comes in (never later,
 * never half of one), and so text can be redacted without a secret slipping
 * through split across two network chunks.
 */

/** Cuts decoded text into complete events (each with its terminating blank line). */
export class SseFramer {
  readonly #decoder = new TextDecoder('utf-8');
  #pending = '';

  /** Feeds bytes; returns the events completed by them, in order. */
  push(bytes: Uint8Array): string[] {
    this.#pending += this.#decoder.decode(bytes, { stream: true });
    const events: string[] = [];
    for (;;) {
      const match = /\r\n\r\n|\n\n|\r\r|\r\n\n|\n\r\n/.exec(this.#pending);
      if (!match) break;
      const end = match.index + match[0].length;
      events.push(this.#pending.slice(0, end));
      this.#pending = this.#pending.slice(end);
    }
    return events;
  }

  /** Whatever is left at the end of the stream (an unterminated last event), or ''. */
  flush(): string {
    this.#pending += this.#decoder.decode();
    const rest = this.#pending;
    this.#pending = '';
    return rest;
  }
}

/** Replaces every occurrence of each non-empty secret in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== '') result = result.replaceAll(secret, '[redacted]');
  }
  return result;
}
