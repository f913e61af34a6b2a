import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  inlineScriptHashes,
  scriptHashesOf,
} from '../../../../src/server/headers/inline-script-hashes.ts';

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

describe('scriptHashesOf', () => {
  it('hashes the exact text of classic and module inline scripts', () => {
    const html = [
      '<script>\n\twindow.a = 1;\n</script>',
      '<script type="module">import "x";</script>',
      '<SCRIPT aria-hidden="true">b()</SCRIPT >',
    ].join('');
    expect(scriptHashesOf(html)).toEqual([
      hash('\n\twindow.a = 1;\n'),
      hash('import "x";'),
      hash('b()'),
    ]);
  });

  it('matches a hash the CSP specification gives', () => {
    // CSP3 §8.3's example: `alert('Hello, world.');` hashes to this source.
    expect(scriptHashesOf("<script>alert('Hello, world.');</script>")).toEqual([
      "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='",
    ]);
  });

  it('skips scripts with a src and data blocks, which CSP does not hash', () => {
    const html = [
      '<script src="/_astro/a.js"></script>',
      '<script type="module" src="/_astro/b.js"></script>',
      '<script type="application/json" data-cell-source>"code"</script>',
      '<script type="application/ld+json">{}</script>',
    ].join('');
    expect(scriptHashesOf(html)).toEqual([]);
  });
});

describe('inlineScriptHashes', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('collects every HTML file under the folder, once per script, sorted', async () => {
    dir = await mkdtemp(join(tmpdir(), 'yieldbook-hashes-'));
    await mkdir(join(dir, 'lessons', 'one'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<script>shared()</script><script>home()</script>');
    await writeFile(join(dir, 'lessons', 'one', 'index.html'), '<script>shared()</script>');
    await writeFile(join(dir, 'lessons', 'one', 'notes.txt'), '<script>ignored()</script>');
    expect(await inlineScriptHashes(dir)).toEqual([hash('shared()'), hash('home()')].sort());
  });
});
