/**
 * Throwaway project roots for tests of code that reads `content/`: each holds the given
 * files under `content/`, and `removeContentSites` deletes every root made so far.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const roots: string[] = [];

/** A project root (as a file URL ending in `/`) whose `content/` holds `files`, by path. */
export function contentSite(files: Record<string, string>): URL {
  const root = mkdtempSync(join(tmpdir(), 'yieldbook-content-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'content', path)), { recursive: true });
    writeFileSync(join(root, 'content', path), text);
  }
  return pathToFileURL(`${root}/`);
}

/** Deletes every root `contentSite` made; for `afterEach`. */
export function removeContentSites(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}
