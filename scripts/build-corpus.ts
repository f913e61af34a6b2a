/**
 * `npm run corpus:build`: rebuilds content/data/node-api-docs.jsonl, the corpus of
 * the token-packing lesson, from the Node.js API documentation that Debian's
 * `nodejs` package installs under /usr/share/doc/nodejs/api (MIT licence, see
 * content/data/README.md).
 *
 * Each section (a heading of level 1 to 4 and the text under it) of each `api/*.md` file becomes one document
 * `{ id, title, source, text }`, one JSON object per line. The output depends only
 * on the input files: files are taken in name order, HTML comments (the YAML
 * history blocks) are dropped, runs of blank lines are squeezed, and sections with
 * fewer than MIN_CHARS characters of text are left out; the corpus ends
 * before the first document that would take it past MAX_BYTES. Pass another folder as the
 * first argument to build from it instead.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SOURCE_DIR = process.argv[2] ?? '/usr/share/doc/nodejs/api';
const OUTPUT = new URL('../content/data/node-api-docs.jsonl', import.meta.url);
/** Sections shorter than this are headings with a line or two: not worth a document. */
const MIN_CHARS = 200;
/** Stops adding documents past this many bytes, so the corpus stays a few MB. */
const MAX_BYTES = 2_200_000;

interface Section {
  title: string;
  lines: string[];
}

function sectionsOf(markdown: string): Section[] {
  const text = markdown.replace(/<!--[\s\S]*?-->/g, '').replace(/\r\n/g, '\n');
  const sections: Section[] = [];
  let current: Section = { title: '', lines: [] };
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,4}) (.+)$/.exec(line);
    if (heading) {
      sections.push(current);
      current = { title: heading[2] ?? '', lines: [line] };
      continue;
    }
    current.lines.push(line);
  }
  sections.push(current);
  return sections;
}

function squeeze(lines: string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function main(): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(SOURCE_DIR)).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    throw new Error(
      `Expected the Node.js API docs in ${SOURCE_DIR} (Debian's nodejs package installs them); pass another folder as the first argument`,
      { cause: error },
    );
  }
  if (names.length === 0) throw new Error(`Expected Markdown files in ${SOURCE_DIR}, found none`);
  const lines: string[] = [];
  let bytes = 0;
  files: for (const name of names) {
    const markdown = await readFile(join(SOURCE_DIR, name), 'utf8');
    for (const section of sectionsOf(markdown)) {
      const text = squeeze(section.lines);
      if (text.length < MIN_CHARS) continue;
      const line = JSON.stringify({
        id: lines.length,
        title: section.title.replace(/`/g, ''),
        source: `api/${name}`,
        text,
      });
      const size = Buffer.byteLength(line) + 1;
      if (bytes + size > MAX_BYTES) break files;
      lines.push(line);
      bytes += size;
    }
  }
  await writeFile(OUTPUT, `${lines.join('\n')}\n`);
  console.log(`${lines.length} documents, ${bytes} bytes → ${OUTPUT.pathname}`);
}

await main();
