/**
 * Synchronous, lazy block readers: each yields a file's bytes a block at a time,
 * reading the next block only when asked. Synchronous on purpose, so the corpus
 * reader can be an ordinary generator (lesson 2 comes before async code).
 */
import { nodeBuiltin } from '../../core/environment.ts';

/** Reads `url` a block at a time. */
export type ReadBlocks = (url: URL, blockBytes: number) => Generator<Uint8Array, void, undefined>;

/** The `node:fs` functions the file reader uses. */
interface SyncFs {
  openSync(path: URL, flags: string): number;
  readSync(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  closeSync(fd: number): void;
}

/**
 * Reads a `file:` URL with `node:fs`, in Node (the headless lesson checker runs
 * the kernel in a worker thread there). `process.getBuiltinModule` loads `fs`
 * synchronously and keeps the browser bundle free of any Node import.
 */
export function* readFileBlocks(
  url: URL,
  blockBytes: number,
): Generator<Uint8Array, void, undefined> {
  const fs = nodeBuiltin<SyncFs>('node:fs');
  if (fs === undefined) {
    throw new Error(`Cannot read ${url.href}: file URLs are readable only in Node`);
  }
  const fd = fs.openSync(url, 'r');
  try {
    let position = 0;
    while (true) {
      const block = new Uint8Array(blockBytes);
      const read = fs.readSync(fd, block, 0, blockBytes, position);
      if (read === 0) return;
      position += read;
      yield block.subarray(0, read);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** What {@link readHttpBlocks} uses of `XMLHttpRequest` (tests pass a fake). */
export interface SyncRequest {
  responseType: XMLHttpRequestResponseType;
  readonly status: number;
  readonly statusText: string;
  readonly response: unknown;
  open(method: string, url: string, async: boolean): void;
  setRequestHeader(name: string, value: string): void;
  send(): void;
  getResponseHeader(name: string): string | null;
}

/**
 * Reads an `http(s):` URL with synchronous `XMLHttpRequest`s, one `Range` request
 * per block. Workers may make synchronous requests (pages should not), and the
 * kernel is a worker. A server that ignores `Range` answers 200 with the whole
 * file, which is then yielded as one block: still correct, just not lazy.
 */
export function* readHttpBlocks(
  url: URL,
  blockBytes: number,
  Request: (new () => SyncRequest) | undefined = globalThis.XMLHttpRequest,
): Generator<Uint8Array, void, undefined> {
  if (typeof Request !== 'function') {
    throw new Error(
      `Cannot read ${url.href}: no XMLHttpRequest here (read it in a browser worker)`,
    );
  }
  let offset = 0;
  while (true) {
    const request = new Request();
    request.open('GET', url.href, false);
    request.responseType = 'arraybuffer';
    request.setRequestHeader('Range', `bytes=${offset}-${offset + blockBytes - 1}`);
    request.send();
    // 416: the range starts at the end (an empty file, or a size that is a multiple of blockBytes).
    if (request.status === 416) return;
    if (request.status === 200) {
      if (offset > 0) {
        throw new Error(`Cannot read ${url.href}: the server stopped answering range requests`);
      }
      yield new Uint8Array(request.response as ArrayBuffer);
      return;
    }
    if (request.status !== 206) {
      throw new Error(`Cannot read ${url.href}: HTTP ${request.status} ${request.statusText}`);
    }
    const block = new Uint8Array(request.response as ArrayBuffer);
    offset += block.length;
    if (block.length > 0) yield block;
    const total = Number(/\/(\d+)$/.exec(request.getResponseHeader('Content-Range') ?? '')?.[1]);
    if (block.length === 0 || !(offset < total)) return;
  }
}

/** Picks the reader for `url`'s protocol. */
export function* readBlocks(url: URL, blockBytes: number): Generator<Uint8Array, void, undefined> {
  if (url.protocol === 'file:') return yield* readFileBlocks(url, blockBytes);
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return yield* readHttpBlocks(url, blockBytes);
  }
  throw new Error(`Cannot read ${url.href}: expected a file:, http: or https: URL`);
}
