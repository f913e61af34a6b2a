/**
 * Reading an upstream body as text under a byte cap: an upstream answering with
 * hundreds of megabytes must not get them into the server's memory.
 */
import { concatBytes } from './concat-bytes.ts';
import type { BodySource, HeaderReader } from './types.ts';

/** Decodes a whole body at once (never `stream: true`), so one decoder serves every call. */
const UTF8 = new TextDecoder();

/** What `readCappedText` read. */
export interface CappedText {
  /** The body as text, or its first `maxBytes` bytes when it is larger. */
  text: string;
  /** False when the body was larger than `maxBytes`: reading stopped there and the body was cancelled. */
  complete: boolean;
}

/**
 * Reads `response`'s body as UTF-8 text, at most `maxBytes` of it. A body that turns out
 * larger is cancelled as soon as it passes the cap, so at most `maxBytes` (plus the chunk in
 * hand) is held. One declaring a larger `Content-Length` is cancelled unread, unless
 * `keepStart` asks for its first `maxBytes` anyway (an error body, whose start says what failed).
 */
export async function readCappedText(
  response: { readonly headers: HeaderReader; readonly body: BodySource | null },
  maxBytes: number,
  { keepStart = false }: { keepStart?: boolean } = {},
): Promise<CappedText> {
  if (!(Number.isInteger(maxBytes) && maxBytes >= 0)) {
    throw new TypeError(
      `Expected \`maxBytes\` to be an integer of at least 0, got ${String(maxBytes)}`,
    );
  }
  const body = response.body;
  if (body === null) return { text: '', complete: true };
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes && !keepStart) {
    await body.cancel().catch(() => {});
    return { text: '', complete: false };
  }
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      parts.push(value.subarray(0, maxBytes - total));
      total = maxBytes;
      complete = false;
      await reader.cancel().catch(() => {});
      break;
    }
    parts.push(value);
    total += value.byteLength;
  }
  return { text: UTF8.decode(concatBytes(parts)), complete };
}
