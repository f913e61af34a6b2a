/**
 * Turns a `location` into a store. A plain name picks what the environment
 * offers: the filesystem in Node; OPFS in browsers, else IndexedDB. A prefix
 * chooses explicitly: `memory:`, `opfs:`, `indexeddb:`, `file:`.
 */
import { isNode } from '../../core/environment.ts';
import type { Store } from './store.ts';
import { MemoryStore } from './stores/memory-store.ts';

const PREFIXES = ['memory:', 'opfs:', 'indexeddb:', 'file:'] as const;

async function fileSystemStore(path: string): Promise<Store> {
  // Kept out of browser bundles: the specifier is only resolved at run time, in Node.
  const specifier = './stores/fs-store.ts';
  const module = (await import(
    /* @vite-ignore */ specifier
  )) as typeof import('./stores/fs-store.ts');
  return new module.FileSystemStore(path);
}

async function opfsStore(name: string): Promise<Store> {
  const { OpfsStore } = await import('./stores/opfs-store.ts');
  return OpfsStore.open(name);
}

async function indexedDbStore(name: string): Promise<Store> {
  const { IndexedDbStore } = await import('./stores/idb-store.ts');
  return IndexedDbStore.open(name);
}

/** True when this realm has OPFS (`navigator.storage.getDirectory`). */
export function hasOpfs(): boolean {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  return typeof storage?.getDirectory === 'function';
}

/** True when this realm has IndexedDB. */
export function hasIndexedDb(): boolean {
  return typeof globalThis.indexedDB?.open === 'function';
}

/** Opens the store a location names; fails with a message saying what is available. */
export async function openStore(location: string): Promise<Store> {
  if (typeof location !== 'string' || location.trim() === '') {
    throw new TypeError(
      `Expected \`location\` to be a non-empty string, a Store or null, got ${JSON.stringify(location)}`,
    );
  }
  const prefix = PREFIXES.find((p) => location.startsWith(p));
  const name = prefix ? location.slice(prefix.length) : location;
  switch (prefix) {
    case 'memory:':
      return new MemoryStore(location);
    case 'opfs:':
      if (!hasOpfs()) throw new Error(`Cannot open ${location}: this environment has no OPFS`);
      return opfsStore(name);
    case 'indexeddb:':
      if (!hasIndexedDb())
        throw new Error(`Cannot open ${location}: this environment has no IndexedDB`);
      return indexedDbStore(name);
    case 'file:':
      if (!isNode()) throw new Error(`Cannot open ${location}: the filesystem store needs Node`);
      return fileSystemStore(name);
    default:
      break;
  }
  if (isNode()) return fileSystemStore(location);
  if (hasOpfs()) {
    try {
      return await opfsStore(location);
    } catch {
      // OPFS can be present but refused (private windows, storage policy): try IndexedDB.
    }
  }
  if (hasIndexedDb()) return indexedDbStore(location);
  throw new Error(
    `Cannot open ${location}: no filesystem, OPFS or IndexedDB here; use "memory:${location}" for a cache that lasts as long as the page`,
  );
}
