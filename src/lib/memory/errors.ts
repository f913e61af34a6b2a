/** A value that cannot be part of a cache key (a function, a class instance without a rule, a cycle). */
export class HashingError extends TypeError {
  override name = 'HashingError';
}

/**
 * A cached item that cannot be loaded: it was cleared, or its stored bytes are
 * corrupted. The analog of joblib's `KeyError` from `MemorizedResult.get()`.
 */
export class CacheItemError extends Error {
  override name = 'CacheItemError';
  /** Why the item cannot be loaded. */
  readonly reason: 'missing' | 'corrupted';

  constructor(reason: 'missing' | 'corrupted', message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** A result that cannot be stored (a function, a class instance, a cycle). */
export class SerializeError extends TypeError {
  override name = 'SerializeError';
}
