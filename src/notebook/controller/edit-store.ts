/**
 * Saved edits of cells, one localStorage entry per lesson and cell under
 * `yieldbook:v1:<pathname>:<cellId>`, and beside it (`…:authored`) the hash of
 * the lesson's code the edit started from, so a lesson that changed since is
 * noticed. Storage can be missing or full (private windows, quotas); edits then
 * simply do not persist.
 */

/** The subset of `Storage` the store uses, so tests can pass a fake. */
export type EditStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads and writes the saved edit of each cell of one lesson page. */
export interface EditStore {
  /** The saved edit of a cell, or null when it has none. */
  load(cellId: string): string | null;
  /**
   * Saves an edit; `authored` is `textHash` (text-hash.ts) of the lesson's code it was made from
   * (kept as it was when omitted).
   */
  save(cellId: string, code: string, authored?: string): void;
  /** The hash of the lesson's code the saved edit was made from; null for none (or an older edit). */
  authored(cellId: string): string | null;
  remove(cellId: string): void;
}

/** The localStorage key of a cell's saved edit. */
export function editKey(pathname: string, cellId: string): string {
  return `yieldbook:v1:${pathname}:${cellId}`;
}

function authoredKey(pathname: string, cellId: string): string {
  return `${editKey(pathname, cellId)}:authored`;
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
    save(cellId, code, authored) {
      try {
        storage?.setItem(editKey(pathname, cellId), code);
        if (authored !== undefined) storage?.setItem(authoredKey(pathname, cellId), authored);
      } catch {
        // Quota exceeded or storage disabled: the edit lives only in the page.
      }
    },
    authored(cellId) {
      try {
        return storage?.getItem(authoredKey(pathname, cellId)) ?? null;
      } catch {
        return null;
      }
    },
    remove(cellId) {
      try {
        storage?.removeItem(editKey(pathname, cellId));
        storage?.removeItem(authoredKey(pathname, cellId));
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
