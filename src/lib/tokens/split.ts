import { expectMaxLength, expectTokens } from './validate.ts';

/**
 * Cuts each document's tokens into items of at most `maxLength` tokens. Items
 * never span two documents, so a document's last item is usually short, and an
 * empty document gives no item at all.
 *
 * @example
 * [...split(3, [[1, 2, 3, 4], [5]])]; // [[1, 2, 3], [4], [5]]
 */
export function split(
  maxLength: number,
  documents: Iterable<readonly number[]>,
): Generator<number[], void, undefined> {
  expectMaxLength(maxLength);
  return splitItems(maxLength, documents);
}

function* splitItems(
  maxLength: number,
  documents: Iterable<readonly number[]>,
): Generator<number[], void, undefined> {
  let index = 0;
  for (const tokens of documents) {
    expectTokens(tokens, index);
    for (let start = 0; start < tokens.length; start += maxLength) {
      yield Array.from(tokens.slice(start, start + maxLength));
    }
    index += 1;
  }
}
