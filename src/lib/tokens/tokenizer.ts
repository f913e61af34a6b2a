/**
 * GPT-2's byte-pair encoding (the `r50k_base` vocabulary of 50,257 tokens), from
 * `gpt-tokenizer`, which ships the vocabulary in its code: nothing is downloaded.
 * Imported only by this module, so it loads the first time a cell imports
 * `yieldbook/tokens`, in its own chunk.
 */
import { decode, encode, vocabularySize } from 'gpt-tokenizer/encoding/gpt2';
import type { CorpusDocument } from './corpus.ts';

export { decode, encode, vocabularySize };

/**
 * Tokenises documents one at a time, as they arrive.
 *
 * @example
 * for (const tokens of tokenize(readCorpus())) console.log(tokens.length);
 */
export function* tokenize(
  documents: Iterable<Pick<CorpusDocument, 'text'>>,
): Generator<number[], void, undefined> {
  for (const document of documents) yield encode(document.text);
}
