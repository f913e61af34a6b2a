import { describe, expect, it } from 'vitest';
import { readHttpBlocks, type SyncRequest } from '../../../../src/lib/tokens/read-blocks.ts';

interface FakeServer {
  /** How the server answers: ranges (206/416), the whole file (200), or a status. */
  mode: 'ranges' | 'whole' | number;
  /** `Range` headers received, in order. */
  ranges: string[];
}

/** A stand-in for `XMLHttpRequest` that serves `body` like a static file server. */
function fakeRequest(body: Uint8Array, server: FakeServer): new () => SyncRequest {
  return class implements SyncRequest {
    responseType: XMLHttpRequestResponseType = '';
    status = 0;
    statusText = '';
    response: unknown = null;
    #range = '';
    #contentRange: string | null = null;
    open(method: string, _url: string, async: boolean): void {
      expect(method).toBe('GET');
      expect(async).toBe(false);
    }
    setRequestHeader(name: string, value: string): void {
      if (name === 'Range') this.#range = value;
    }
    send(): void {
      expect(this.responseType).toBe('arraybuffer');
      server.ranges.push(this.#range);
      if (typeof server.mode === 'number') {
        this.status = server.mode;
        this.statusText = 'Not Found';
        return;
      }
      if (server.mode === 'whole') {
        this.status = 200;
        this.response = body.slice().buffer;
        return;
      }
      const [, from, to] = /^bytes=(\d+)-(\d+)$/.exec(this.#range) ?? [];
      const start = Number(from);
      if (start >= body.length) {
        this.status = 416;
        return;
      }
      const end = Math.min(Number(to), body.length - 1);
      this.status = 206;
      this.response = body.slice(start, end + 1).buffer;
      this.#contentRange = `bytes ${start}-${end}/${body.length}`;
    }
    getResponseHeader(name: string): string | null {
      return name === 'Content-Range' ? this.#contentRange : null;
    }
  };
}

const url = new URL('http://127.0.0.1:4321/corpus.jsonl');
const text = (blocks: Iterable<Uint8Array>) =>
  [...blocks].map((block) => new TextDecoder().decode(block));

describe('readHttpBlocks', () => {
  it('asks for one range per block, and only when the next block is wanted', () => {
    const server: FakeServer = { mode: 'ranges', ranges: [] };
    const blocks = readHttpBlocks(
      url,
      4,
      fakeRequest(new TextEncoder().encode('abcdefghij'), server),
    );
    expect(server.ranges).toEqual([]);
    expect(text([blocks.next().value as Uint8Array])).toEqual(['abcd']);
    expect(server.ranges).toEqual(['bytes=0-3']);
    expect(text(blocks)).toEqual(['efgh', 'ij']);
    expect(server.ranges).toEqual(['bytes=0-3', 'bytes=4-7', 'bytes=8-11']);
  });

  it('stops on the Content-Range total without asking past the end', () => {
    const server: FakeServer = { mode: 'ranges', ranges: [] };
    const body = new TextEncoder().encode('abcdefgh');
    expect(text(readHttpBlocks(url, 4, fakeRequest(body, server)))).toEqual(['abcd', 'efgh']);
    expect(server.ranges).toEqual(['bytes=0-3', 'bytes=4-7']);
  });

  it('reads an empty file (416 at once) as no blocks', () => {
    const server: FakeServer = { mode: 'ranges', ranges: [] };
    expect([...readHttpBlocks(url, 4, fakeRequest(new Uint8Array(0), server))]).toEqual([]);
  });

  it('takes the whole file in one block from a server that ignores Range', () => {
    const server: FakeServer = { mode: 'whole', ranges: [] };
    const body = new TextEncoder().encode('abcdefghij');
    expect(text(readHttpBlocks(url, 4, fakeRequest(body, server)))).toEqual(['abcdefghij']);
  });

  it('says which URL failed and how', () => {
    const server: FakeServer = { mode: 404, ranges: [] };
    expect(() => [...readHttpBlocks(url, 4, fakeRequest(new Uint8Array(8), server))]).toThrow(
      'Cannot read http://127.0.0.1:4321/corpus.jsonl: HTTP 404 Not Found',
    );
  });

  it('refuses a server that stops answering ranges halfway', () => {
    const server: FakeServer = { mode: 'ranges', ranges: [] };
    const blocks = readHttpBlocks(url, 4, fakeRequest(new Uint8Array(10), server));
    blocks.next();
    server.mode = 'whole';
    expect(() => blocks.next()).toThrow(/the server stopped answering range requests/);
  });
});
