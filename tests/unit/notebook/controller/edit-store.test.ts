import { describe, expect, it } from 'vitest';
import {
  createEditStore,
  type EditStorage,
  editKey,
} from '../../../../src/notebook/controller/edit-store.ts';
import { textHash } from '../../../../src/notebook/controller/text-hash.ts';

function memoryStorage(): EditStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

describe('edit store: the lesson code an edit started from', () => {
  it('keeps the authored hash beside the edit, keeps it on later saves, and forgets both on remove', () => {
    const storage = memoryStorage();
    const store = createEditStore('/lessons/x/', storage);
    store.save('a', 'mine', textHash('lesson'));
    store.save('a', 'mine again');
    expect(store.load('a')).toBe('mine again');
    expect(store.authored('a')).toBe(textHash('lesson'));
    expect(storage.entries.get(`${editKey('/lessons/x/', 'a')}:authored`)).toBe(textHash('lesson'));
    store.remove('a');
    expect([store.load('a'), store.authored('a')]).toEqual([null, null]);
    expect(storage.entries.size).toBe(0);
  });

  it('reads an edit saved without a hash as having none', () => {
    const storage = memoryStorage();
    storage.setItem(editKey('/lessons/x/', 'a'), 'older edit');
    const store = createEditStore('/lessons/x/', storage);
    expect(store.load('a')).toBe('older edit');
    expect(store.authored('a')).toBeNull();
  });
});

describe('textHash', () => {
  it('is stable, and tells apart texts that differ by one character or by order', () => {
    expect(textHash('const a = 1;')).toBe(textHash('const a = 1;'));
    expect(textHash('const a = 1;')).not.toBe(textHash('const a = 2;'));
    expect(textHash('ab')).not.toBe(textHash('ba'));
    expect(textHash('')).toMatch(/^[0-9a-f]+$/u);
  });
});
