/**
 * `yieldbook/tokens`: what the token-packing lesson builds on. A lazy reader of
 * the course corpus, GPT-2's tokenizer, and reference versions of `split` and
 * `pack` that the lesson's checks compare your own with.
 *
 * @module
 */
export { CORPUS_URL, type CorpusDocument, type ReadCorpusOptions, readCorpus } from './corpus.ts';
export { type JsonLine, parseJsonLines } from './json-lines.ts';
export { pack } from './pack.ts';
export { type ReadBlocks, readBlocks, readFileBlocks, readHttpBlocks } from './read-blocks.ts';
export { split } from './split.ts';
export { decode, encode, tokenize, vocabularySize } from './tokenizer.ts';
