/**
 * Reading a streamed answer: its body to the end, with the moment its first bytes came, and
 * whether an event stream ran to its `[DONE]`.
 */

/**
 * Reads `response`'s body to its end as UTF-8 text ('' when it has none); `onFirstChunk` runs
 * as the first bytes arrive, before they are decoded.
 */
export async function readText(response: Response, onFirstChunk?: () => void): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let first = true; ; first = false) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if (first) onFirstChunk?.();
    text += decoder.decode(value, { stream: true });
  }
}

/** Whether `text`, a whole event stream, ends with the `data: [DONE]` event: nothing was cut off. */
export function endsWithDone(text: string): boolean {
  return text.trimEnd().endsWith('data: [DONE]');
}
