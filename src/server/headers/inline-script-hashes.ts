import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An inline `<script>`: its attributes and its text, as the browser hashes it. */
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/giu;

/** Script types a browser runs; anything else (`application/json`) is data, outside CSP. */
const RUNNABLE_TYPE = /^(?:|module|text\/javascript|application\/javascript)$/iu;

/** The `'sha256-…'` CSP sources of the runnable inline scripts in one HTML text. */
export function scriptHashesOf(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = '', text = ''] of html.matchAll(INLINE_SCRIPT)) {
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
