/**
 * The IndexedDB store, for browsers without OPFS: one database per location,
 * with result bytes, metadata and function sources in three object stores. A
 * result and its metadata are written in one transaction, so readers see the
 * old item or the new one, never half of it.
 */
import type { ItemInfo, ItemMetadata, Store } from '../store.ts';
import { checkFuncId, metadataBytes } from '../store.ts';

const OUTPUTS = 'outputs';
const METADATA = 'metadata';
const CODE = 'code';

interface MetadataRecord extends ItemMetadata {
  funcId: string;
  argsId: string;
  size: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((done, fail) => {
    req.onsuccess = () => done(req.result);
    req.onerror = () => fail(req.error);
  });
}

function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((done, fail) => {
    tx.oncomplete = () => done();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function key(funcId: string, argsId: string): string {
  return `${funcId}\u0000${argsId}`;
}

/** Every key of a function's items: `funcId\0` up to `funcId\0\uffff`. */
function funcRange(funcId: string): IDBKeyRange {
  return IDBKeyRange.bound(`${funcId}\u0000`, `${funcId}\u0000\uffff`);
}

/** A store in an IndexedDB database named `yieldbook-memory:<location>`. */
export class IndexedDbStore implements Store {
  readonly kind = 'indexeddb';
  readonly location: string;
  readonly #db: IDBDatabase;

  private constructor(location: string, db: IDBDatabase) {
    this.location = location;
    this.#db = db;
  }

  /** Opens (creating when needed) the database for `location`. */
  static async open(location: string): Promise<IndexedDbStore> {
    const req = indexedDB.open(`yieldbook-memory:${location}`, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const name of [OUTPUTS, METADATA, CODE]) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      }
    };
    const db = await request(req);
    // Another tab upgrading the schema must not be blocked by this connection.
    db.onversionchange = () => db.close();
    return new IndexedDbStore(location, db);
  }

  async #get<T>(store: string, k: IDBValidKey): Promise<T | undefined> {
    const tx = this.#db.transaction(store, 'readonly');
    return (await request(tx.objectStore(store).get(k))) as T | undefined;
  }

  async readFuncCode(funcId: string): Promise<string | undefined> {
    checkFuncId(funcId);
    return this.#get<string>(CODE, funcId);
  }

  async writeFuncCode(funcId: string, code: string): Promise<void> {
    checkFuncId(funcId);
    const tx = this.#db.transaction(CODE, 'readwrite');
    tx.objectStore(CODE).put(code, funcId);
    await finished(tx);
  }

  async contains(funcId: string, argsId: string): Promise<boolean> {
    const tx = this.#db.transaction(OUTPUTS, 'readonly');
    return (await request(tx.objectStore(OUTPUTS).count(key(funcId, argsId)))) > 0;
  }

  async readOutput(funcId: string, argsId: string): Promise<Uint8Array | undefined> {
    const buffer = await this.#get<ArrayBuffer>(OUTPUTS, key(funcId, argsId));
    return buffer === undefined ? undefined : new Uint8Array(buffer);
  }

  async readMetadata(funcId: string, argsId: string): Promise<ItemMetadata | undefined> {
    const record = await this.#get<MetadataRecord>(METADATA, key(funcId, argsId));
    if (!record) return undefined;
    const { duration, inputArgs, time, lastAccess } = record;
    return { duration, inputArgs, time, lastAccess };
  }

  async writeItem(
    funcId: string,
    argsId: string,
    output: Uint8Array,
    metadata: ItemMetadata,
  ): Promise<void> {
    checkFuncId(funcId);
    const k = key(funcId, argsId);
    const buffer =
      output.byteOffset === 0 && output.byteLength === output.buffer.byteLength
        ? output.buffer
        : output.slice().buffer;
    const size = output.byteLength + metadataBytes(metadata).byteLength;
    const record: MetadataRecord = { ...metadata, funcId, argsId, size };
    const tx = this.#db.transaction([OUTPUTS, METADATA], 'readwrite');
    tx.objectStore(OUTPUTS).put(buffer, k);
    tx.objectStore(METADATA).put(record, k);
    await finished(tx);
  }

  async touch(funcId: string, argsId: string, time: number): Promise<void> {
    const k = key(funcId, argsId);
    const tx = this.#db.transaction(METADATA, 'readwrite');
    const store = tx.objectStore(METADATA);
    const record = (await request(store.get(k))) as MetadataRecord | undefined;
    if (record) store.put({ ...record, lastAccess: time }, k);
    await finished(tx);
  }

  async deleteItem(funcId: string, argsId: string): Promise<void> {
    const k = key(funcId, argsId);
    const tx = this.#db.transaction([OUTPUTS, METADATA], 'readwrite');
    tx.objectStore(OUTPUTS).delete(k);
    tx.objectStore(METADATA).delete(k);
    await finished(tx);
  }

  async clearFunc(funcId: string): Promise<void> {
    checkFuncId(funcId);
    const tx = this.#db.transaction([OUTPUTS, METADATA, CODE], 'readwrite');
    tx.objectStore(OUTPUTS).delete(funcRange(funcId));
    tx.objectStore(METADATA).delete(funcRange(funcId));
    tx.objectStore(CODE).delete(funcId);
    await finished(tx);
  }

  async clear(): Promise<void> {
    const tx = this.#db.transaction([OUTPUTS, METADATA, CODE], 'readwrite');
    for (const name of [OUTPUTS, METADATA, CODE]) tx.objectStore(name).clear();
    await finished(tx);
  }

  async items(): Promise<ItemInfo[]> {
    const tx = this.#db.transaction(METADATA, 'readonly');
    const records = (await request(tx.objectStore(METADATA).getAll())) as MetadataRecord[];
    return records.map(({ funcId, argsId, size, lastAccess }) => ({
      funcId,
      argsId,
      size,
      lastAccess,
    }));
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
