import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The inline `<script>` elements of `html`: attributes and text, found in one pass. */
function* scriptElements(html: string): Generator<[attributes: string, text: string]> {
  const lower = html.toLowerCase();
  let from = 0;
  for (;;) {
    const open = lower.indexOf('<script', from);
    if (open < 0) return;
    const after = lower.charAt(open + 7);
    const tagEnd = lower.indexOf('>', open);
    if (tagEnd < 0) return;
    if (after !== '>' && after.trim() !== '') {
      from = open + 7; // `<scripts…`, another element
      continue;
    }
    const close = lower.indexOf('</script', tagEnd);
    if (close < 0) return;
    yield [html.slice(open + 7, tagEnd), html.slice(tagEnd + 1, close)];
    const closeEnd = lower.indexOf('>', close);
    from = closeEnd < 0 ? lower.length : closeEnd + 1;
  }
}

/** Script types a browser runs; anything else (`application/json`) is data, outside CSP. */
const RUNNABLE_TYPE = /^(?:|module|text\/javascript|application\/javascript)$/iu;

/** The `'sha256-…'` CSP sources of the runnable inline scripts in one HTML text. */
export function scriptHashesOf(html: string): string[] {
  const hashes: string[] = [];
  for (const [attributes, text] of scriptElements(html)) {
    if (/\ssrc\s*=/iu.test(` ${attributes}`)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]*)/iu.exec(` ${attributes}`)?.[1] ?? '';
    if (!RUNNABLE_TYPE.test(type)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The CSP sources of every runnable inline script in the HTML files under `dir`
 * (the built site's `dist/client`), without repeats, sorted so the policy is stable.
 */
export async function inlineScriptHashes(dir: string): Promise<string[]> {
  const hashes = new Set<string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const html = await readFile(join(entry.parentPath, entry.name), 'utf8');
    for (const hash of scriptHashesOf(html)) hashes.add(hash);
  }
  return [...hashes].sort();
}
