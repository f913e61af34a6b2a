/**
 * Reading what a streamed answer carried: a body to its end as text, and the `data:` payloads
 * of its server-sent events.
 */

/**
 * Reads a body, or what its reader has not read yet, to the end as UTF-8 text; a missing body
 * reads as ''. Characters split between chunks come out whole.
 */
export async function readText(
  source: ReadableStream<Uint8Array> | ReadableStreamDefaultReader<Uint8Array> | null,
): Promise<string> {
  if (source === null) return '';
  const reader = source instanceof ReadableStream ? source.getReader() : source;
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * The `data:` payload of each event in `text`, a whole event stream as the proxy writes it
 * (events of `data: …` lines, each event ended by a blank line), in order, `[DONE]` included.
 * @throws Error when the stream does not end with a blank line or an event has no data.
 */
export function sseData(text: string): string[] {
  const events = text.split('\n\n');
  const tail = events.pop();
  if (tail !== '') {
    throw new Error(`Expected the stream to end with a blank line, got ${JSON.stringify(tail)}`);
  }
  return events.map((event) => {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length));
    if (data.length === 0) {
      throw new Error(`Expected an event with a \`data:\` line, got ${JSON.stringify(event)}`);
    }
    return data.join('\n');
  });
}
