import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const LESSONS = join(ROOT, 'content/lessons');

/** Every lesson file under content/lessons, sorted: its absolute path and its path from the root. */
export async function lessonFiles(): Promise<{ path: string; name: string }[]> {
  const entries = await readdir(LESSONS, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => ({ path, name: relative(ROOT, path) }));
}
