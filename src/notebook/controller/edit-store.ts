/**
 * Saved edits of cells, one localStorage entry per lesson and cell under
 * `yieldbook:v1:<pathname>:<cellId>`. Storage can be missing or full (private
 * windows, quotas); edits then simply do not persist.
 */

/** The subset of `Storage` the store uses, so tests can pass a fake. */
export type EditStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads and writes the saved edit of each cell of one lesson page. */
export interface EditStore {
  /** The saved edit of a cell, or null when it has none. */
  load(cellId: string): string | null;
  save(cellId: string, code: string): void;
  remove(cellId: string): void;
}

/** The localStorage key of a cell's saved edit. */
export function editKey(pathname: string, cellId: string): string {
  return `yieldbook:v1:${pathname}:${cellId}`;
}

/**
 * Creates the edit store of one page.
 * @example
 * const store = createEditStore(location.pathname, localStorage);
 * store.save('first-next', 'console.log(1)');
 */
export function createEditStore(pathname: string, storage: EditStorage | null): EditStore {
  return {
    load(cellId) {
      try {
        return storage?.getItem(editKey(pathname, cellId)) ?? null;
      } catch {
        return null;
      }
    },
    save(cellId, code) {
      try {
        storage?.setItem(editKey(pathname, cellId), code);
      } catch {
        // Quota exceeded or storage disabled: the edit lives only in the page.
      }
    },
    remove(cellId) {
      try {
        storage?.removeItem(editKey(pathname, cellId));
      } catch {
        // Same as above: nothing to clean up when storage is unavailable.
      }
    },
  };
}

/** The page's localStorage, or null where reading it throws (sandboxed frames). */
export function pageStorage(): EditStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
