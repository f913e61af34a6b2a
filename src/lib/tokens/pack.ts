import { expectMaxLength, expectTokens } from './validate.ts';

/**
 * Packs the token stream into items of exactly `maxLength` tokens, carrying the
 * tokens that do not fill an item over to the next document. Only the last item
 * may be shorter; joined, the items are the stream itself, in order.
 *
 * @example
 * [...pack(3, [[1, 2, 3, 4], [5], [6, 7]])]; // [[1, 2, 3], [4, 5, 6], [7]]
 */
export function pack(
  maxLength: number,
  documents: Iterable<readonly number[]>,
): Generator<number[], void, undefined> {
  expectMaxLength(maxLength);
  return packItems(maxLength, documents);
}

function* packItems(
  maxLength: number,
  documents: Iterable<readonly number[]>,
): Generator<number[], void, undefined> {
  let buffer: number[] = [];
  let index = 0;
  for (const tokens of documents) {
    expectTokens(tokens, index);
    let start = 0;
    while (start < tokens.length) {
      const room = maxLength - buffer.length;
      const end = Math.min(start + room, tokens.length);
      for (let i = start; i < end; i += 1) buffer.push(tokens[i] as number);
      start = end;
      if (buffer.length === maxLength) {
        yield buffer;
        // A fresh array: the caller may keep the item it was given.
        buffer = [];
      }
    }
    index += 1;
  }
  if (buffer.length > 0) yield buffer;
}
