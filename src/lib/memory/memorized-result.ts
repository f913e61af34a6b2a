import { cacheKey } from './canonical.ts';
import { CacheItemError } from './errors.ts';
import { openResult } from './read-result.ts';
import type { ItemMetadata, Store } from './store.ts';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A handle on a stored result, returned by `callAndShelve`; its value stays in the store until `get()`. */
export class MemorizedResult<T = unknown> {
  readonly location: string;
  /** The function id (`name` or `namespace/name`). */
  readonly func: string;
  /** The 32-hex hash of the arguments. */
  readonly argsId: string;
  readonly mmapMode: 'r' | null;
  readonly #store: Store;

  constructor(store: Store, func: string, argsId: string, mmapMode: 'r' | null) {
    this.#store = store;
    this.location = store.location;
    this.func = func;
    this.argsId = argsId;
    this.mmapMode = mmapMode;
  }

  /**
   * Loads the value. Throws `CacheItemError` when the item was cleared
   * (`reason: 'missing'`) or its stored bytes are corrupted (`'corrupted'`).
   */
  async get(): Promise<T> {
    const opened = await openResult(this.#store, this.func, this.argsId);
    if (opened === undefined) {
      throw new CacheItemError(
        'missing',
        `Non-existing item (may have been cleared).\nItem ${this.func}/${this.argsId} does not exist in ${this.location}`,
      );
    }
    let value: T;
    try {
      value = (await opened.decode({ mmapMode: this.mmapMode })) as T;
    } catch (error) {
      throw new CacheItemError(
        'corrupted',
        `Error while trying to load a MemorizedResult's value. It seems that this item is corrupted: ${this.func}/${this.argsId} in ${this.location}`,
        { cause: error },
      );
    } finally {
      await opened.close();
    }
    await this.#store.touch(this.func, this.argsId, Date.now());
    return value;
  }

  /** What was recorded with the result, or `undefined` when it is gone. */
  metadata(): Promise<ItemMetadata | undefined> {
    return this.#store.readMetadata(this.func, this.argsId);
  }

  /** Deletes the stored result; clearing twice is fine. */
  async clear(): Promise<void> {
    await this.#store.deleteItem(this.func, this.argsId);
  }

  /** A handle hashes by what it points to, so passing it to a cached function is cheap. */
  [cacheKey](): unknown {
    return [this.location, this.func, this.argsId];
  }

  toString(): string {
    return `MemorizedResult(location="${this.location}", func="${this.func}", args_id="${this.argsId}")`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}

/** What `callAndShelve` returns when nothing is cached (`new Memory(null)`, or storing failed): the value, in memory. */
export class NotMemorizedResult<T = unknown> {
  #value: T;
  #cleared = false;

  constructor(value: T) {
    this.#value = value;
  }

  async get(): Promise<T> {
    if (this.#cleared) throw new CacheItemError('missing', 'No value stored.');
    return this.#value;
  }

  async clear(): Promise<void> {
    this.#cleared = true;
    this.#value = undefined as T;
  }

  /** Hashes as the value it holds. */
  [cacheKey](): unknown {
    return this.#value;
  }

  toString(): string {
    return this.#cleared ? 'NotMemorizedResult()' : `NotMemorizedResult(${String(this.#value)})`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}
