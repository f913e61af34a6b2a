import type { ItemInfo, ItemMetadata, Store } from '../store.ts';
import { checkFuncId, metadataBytes } from '../store.ts';

interface Entry {
  output: Uint8Array;
  metadata: ItemMetadata;
}

/** A store in this realm's memory, gone with it: for tests and throwaway caches. */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly location: string;
  readonly #code = new Map<string, string>();
  readonly #items = new Map<string, Map<string, Entry>>();
  /** How many times result bytes were read (tests check lazy loading with it). */
  reads = 0;

  constructor(location = 'memory') {
    this.location = location;
  }

  async readFuncCode(funcId: string): Promise<string | undefined> {
    return this.#code.get(funcId);
  }

  async writeFuncCode(funcId: string, code: string): Promise<void> {
    checkFuncId(funcId);
    this.#code.set(funcId, code);
  }

  async contains(funcId: string, argsId: string): Promise<boolean> {
    return this.#items.get(funcId)?.has(argsId) ?? false;
  }

  async readOutput(funcId: string, argsId: string): Promise<Uint8Array | undefined> {
    const entry = this.#items.get(funcId)?.get(argsId);
    if (!entry) return undefined;
    this.reads += 1;
    // A fresh buffer, as a file read gives: views handed out never alias the store.
    return entry.output.slice();
  }

  async readMetadata(funcId: string, argsId: string): Promise<ItemMetadata | undefined> {
    const entry = this.#items.get(funcId)?.get(argsId);
    return entry ? { ...entry.metadata } : undefined;
  }

  async writeItem(
    funcId: string,
    argsId: string,
    output: Uint8Array,
    metadata: ItemMetadata,
  ): Promise<void> {
    checkFuncId(funcId);
    let items = this.#items.get(funcId);
    if (!items) {
      items = new Map();
      this.#items.set(funcId, items);
    }
    items.set(argsId, { output: output.slice(), metadata: { ...metadata } });
  }

  async touch(funcId: string, argsId: string, time: number): Promise<void> {
    const entry = this.#items.get(funcId)?.get(argsId);
    if (entry) entry.metadata.lastAccess = time;
  }

  async deleteItem(funcId: string, argsId: string): Promise<void> {
    this.#items.get(funcId)?.delete(argsId);
  }

  async clearFunc(funcId: string): Promise<void> {
    this.#items.delete(funcId);
    this.#code.delete(funcId);
  }

  async clear(): Promise<void> {
    this.#items.clear();
    this.#code.clear();
  }

  async items(): Promise<ItemInfo[]> {
    const out: ItemInfo[] = [];
    for (const [funcId, items] of this.#items) {
      for (const [argsId, { output, metadata }] of items) {
        const size = output.byteLength + metadataBytes(metadata).byteLength;
        out.push({ funcId, argsId, size, lastAccess: metadata.lastAccess });
      }
    }
    return out;
  }

  /** Replaces the stored bytes of an item (tests use it to corrupt an entry). */
  corrupt(funcId: string, argsId: string, bytes: Uint8Array): void {
    const entry = this.#items.get(funcId)?.get(argsId);
    if (entry) entry.output = bytes.slice();
  }

  async close(): Promise<void> {}
}
