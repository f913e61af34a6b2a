import { parseJsonLines } from './json-lines.ts';
import { type ReadBlocks, readBlocks } from './read-blocks.ts';

/** One document of the course corpus (a section of the Node.js API docs). */
export interface CorpusDocument {
  /** Position in the corpus, from 0. */
  id: number;
  title: string;
  /** The file it comes from, e.g. `api/fs.md`. */
  source: string;
  text: string;
}

/**
 * Where the corpus is. Vite turns this `new URL(…, import.meta.url)` into the URL
 * of a hashed asset in the built site; in Node it is the file in content/data.
 */
export const CORPUS_URL: URL = new URL(
  '../../../content/data/node-api-docs.jsonl',
  import.meta.url,
);

/** Options of {@link readCorpus}. */
export interface ReadCorpusOptions {
  /** A JSON Lines file of documents. @default CORPUS_URL */
  url?: URL | string;
  /** Bytes read at a time. @default 262144 */
  blockBytes?: number;
  /** Reads the bytes (tests pass their own). @default readBlocks: node:fs for file:, XMLHttpRequest for http(s): */
  readBlocks?: ReadBlocks;
}

/**
 * Reads the corpus lazily: a generator that yields one document at a time and
 * reads the file a block at a time, so only the current block and document are
 * ever held. Stopping early (a `break`) stops the reading.
 *
 * @example
 * for (const doc of readCorpus()) {
 *   console.log(doc.title);
 *   break;
 * }
 */
export function readCorpus(
  options: ReadCorpusOptions = {},
): Generator<CorpusDocument, void, undefined> {
  const url = toUrl(options.url ?? CORPUS_URL);
  const blockBytes = options.blockBytes ?? 262_144;
  if (!Number.isSafeInteger(blockBytes) || blockBytes < 1) {
    throw new RangeError(
      `Expected \`blockBytes\` to be a positive integer, got ${String(blockBytes)}`,
    );
  }
  const read = options.readBlocks ?? readBlocks;
  if (typeof read !== 'function') {
    throw new TypeError(`Expected \`readBlocks\` to be a function, got ${typeof read}`);
  }
  return documentsOf(read(url, blockBytes), url);
}

function* documentsOf(
  blocks: Iterable<Uint8Array>,
  url: URL,
): Generator<CorpusDocument, void, undefined> {
  const name = url.pathname.split('/').pop() || url.href;
  for (const { line, value } of parseJsonLines(blocks, name)) {
    yield toDocument(value, `${name}, line ${line}`);
  }
}

function toDocument(value: unknown, where: string): CorpusDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: expected a JSON object, got ${JSON.stringify(value)}`);
  }
  const { id, title, source, text } = value as Record<string, unknown>;
  if (typeof text !== 'string') {
    throw new TypeError(`${where}: expected "text" to be a string, got ${JSON.stringify(text)}`);
  }
  if (!Number.isSafeInteger(id)) {
    throw new TypeError(`${where}: expected "id" to be an integer, got ${JSON.stringify(id)}`);
  }
  return {
    id: id as number,
    title: typeof title === 'string' ? title : '',
    source: typeof source === 'string' ? source : '',
    text,
  };
}

function toUrl(url: URL | string): URL {
  if (url instanceof URL) return url;
  if (typeof url !== 'string') {
    throw new TypeError(`Expected \`url\` to be a URL or a string, got ${typeof url}`);
  }
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  return new URL(url, base);
}
