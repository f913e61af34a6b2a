/** One parsed line of a JSON Lines stream, with its 1-based line number. */
export interface JsonLine {
  line: number;
  value: unknown;
}

/**
 * Turns a stream of byte blocks into parsed JSON values, one per non-blank line.
 * A line may span blocks and a character may be cut between two; the streaming
 * `TextDecoder` joins both. Bad JSON fails with the line number.
 */
export function* parseJsonLines(
  blocks: Iterable<Uint8Array>,
  name = 'input',
): Generator<JsonLine, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let line = 0;
  const parse = (text: string): JsonLine | null => {
    line += 1;
    if (text.trim() === '') return null;
    try {
      return { line, value: JSON.parse(text) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SyntaxError(`${name}, line ${line}: expected one JSON value, ${reason}`);
    }
  };
  for (const block of blocks) {
    pending += decoder.decode(block, { stream: true });
    let start = 0;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const parsed = parse(pending.slice(start, newline));
      if (parsed) yield parsed;
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== '') {
    const parsed = parse(pending);
    if (parsed) yield parsed;
  }
}
