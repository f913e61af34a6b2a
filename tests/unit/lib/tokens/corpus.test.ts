import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_URL, readCorpus } from '../../../../src/lib/tokens/corpus.ts';
import { parseJsonLines } from '../../../../src/lib/tokens/json-lines.ts';
import { readBlocks, readFileBlocks } from '../../../../src/lib/tokens/read-blocks.ts';
import { decode, encode, tokenize, vocabularySize } from '../../../../src/lib/tokens/tokenizer.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Cuts `text`'s UTF-8 bytes into blocks of `size` bytes. */
function blocksOf(text: string, size: number): Uint8Array[] {
  const all = bytes(text);
  const blocks: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += size) blocks.push(all.subarray(i, i + size));
  return blocks;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yieldbook-corpus-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<URL> {
  const path = join(dir, name);
  await writeFile(path, text);
  return pathToFileURL(path);
}

describe('parseJsonLines', () => {
  it('joins lines and characters cut between blocks', () => {
    const text = '{"a":"café ☕"}\n\n{"b":[1,2]}\n"last, no newline"';
    for (const size of [1, 2, 3, 7, 1000]) {
      const values = [...parseJsonLines(blocksOf(text, size))];
      expect(values).toEqual([
        { line: 1, value: { a: 'café ☕' } },
        { line: 3, value: { b: [1, 2] } },
        { line: 4, value: 'last, no newline' },
      ]);
    }
  });

  it('yields nothing for no bytes', () => {
    expect([...parseJsonLines([])]).toEqual([]);
  });

  it('names the line of bad JSON', () => {
    const values = parseJsonLines([bytes('{"ok":1}\n{oops}\n')], 'docs.jsonl');
    expect(values.next().value).toEqual({ line: 1, value: { ok: 1 } });
    expect(() => values.next()).toThrow(/^docs\.jsonl, line 2: expected one JSON value, /);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => [...parseJsonLines([Uint8Array.of(0x22, 0xff, 0x22)])]).toThrow(TypeError);
  });
});

describe('readFileBlocks', () => {
  it('reads a file a block at a time and closes it when stopped early', async () => {
    const url = await file('blocks.txt', 'abcdefghij');
    const blocks = [...readFileBlocks(url, 4)].map((block) => new TextDecoder().decode(block));
    expect(blocks).toEqual(['abcd', 'efgh', 'ij']);
    const reader = readFileBlocks(url, 4);
    reader.next();
    expect(reader.return()).toEqual({ done: true, value: undefined });
  });

  it('yields nothing for an empty file', async () => {
    expect([...readFileBlocks(await file('empty.txt', ''), 4)]).toEqual([]);
  });
});

describe('readBlocks', () => {
  it('refuses URLs it cannot read', () => {
    expect(() => [...readBlocks(new URL('data:text/plain,hi'), 4)]).toThrow(
      'Cannot read data:text/plain,hi: expected a file:, http: or https: URL',
    );
  });

  it('says that http URLs need XMLHttpRequest, which Node lacks', () => {
    expect(() => [...readBlocks(new URL('http://127.0.0.1:1/corpus.jsonl'), 4)]).toThrow(
      /no XMLHttpRequest here/,
    );
  });
});

describe('readCorpus', () => {
  const lines = [
    { id: 0, title: 'First', source: 'a.md', text: 'Hello world' },
    { id: 1, title: 'Empty', source: 'a.md', text: '' },
    { id: 2, text: 'No title or source' },
  ];

  it('yields the documents in order, reading lazily', async () => {
    const url = await file('docs.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect([...readCorpus({ url, blockBytes: 5 })]).toEqual([
      lines[0],
      lines[1],
      { id: 2, title: '', source: '', text: 'No title or source' },
    ]);
    let blocksRead = 0;
    const counting = function* (u: URL, size: number) {
      for (const block of readFileBlocks(u, size)) {
        blocksRead += 1;
        yield block;
      }
    };
    const first = readCorpus({ url, blockBytes: 16, readBlocks: counting }).next();
    expect(first.value).toEqual(lines[0]);
    // Only the blocks up to the first newline, not the whole file.
    expect(blocksRead).toBe(Math.ceil((JSON.stringify(lines[0]).length + 1) / 16));
  });

  it('reads an empty corpus as no documents', async () => {
    expect([...readCorpus({ url: await file('none.jsonl', '') })]).toEqual([]);
  });

  it('says which line is not a document', async () => {
    const url = await file('bad.jsonl', '{"id":0,"text":"ok"}\n{"id":1,"text":7}\n');
    const docs = readCorpus({ url });
    docs.next();
    expect(() => docs.next()).toThrow('bad.jsonl, line 2: expected "text" to be a string, got 7');
    const list = await file('list.jsonl', '[1]\n');
    expect(() => [...readCorpus({ url: list })]).toThrow(
      'list.jsonl, line 1: expected a JSON object, got [1]',
    );
  });

  it('checks its options when called', () => {
    expect(() => readCorpus({ blockBytes: 0 })).toThrow(
      'Expected `blockBytes` to be a positive integer, got 0',
    );
    expect(() => readCorpus({ readBlocks: 'no' as never })).toThrow(
      'Expected `readBlocks` to be a function, got string',
    );
  });

  it('reads the shipped corpus: a few thousand documents of text', () => {
    let count = 0;
    let ids = true;
    for (const document of readCorpus()) {
      ids &&= document.id === count;
      count += 1;
      expect(document.text.length).toBeGreaterThan(0);
    }
    expect(CORPUS_URL.protocol).toBe('file:');
    expect(ids).toBe(true);
    expect(count).toBeGreaterThan(1000);
  });
});

describe('tokenizer', () => {
  it('is GPT-2 byte-pair encoding', () => {
    expect(vocabularySize).toBe(50257);
    expect(encode('Hello world')).toEqual([15496, 995]);
    expect(decode(encode('Packing a corpus'))).toBe('Packing a corpus');
  });

  it('tokenises documents one at a time', () => {
    const tokens = tokenize([{ text: 'Hello world' }, { text: '' }]);
    expect(tokens.next().value).toEqual([15496, 995]);
    expect(tokens.next().value).toEqual([]);
    expect(tokens.next().done).toBe(true);
  });
});
