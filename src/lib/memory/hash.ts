/**
 * `hash(value)`: 32 lower-case hex characters, the xxHash128 of the value's
 * canonical encoding (`canonical.ts`), streamed through hash-wasm's WebAssembly
 * xxHash. Typed arrays are hashed from their own bytes, with no copy in
 * JavaScript.
 */
import { createXXHash128, type IHasher } from 'hash-wasm';
import { CanonicalEncoder, SCRATCH_BYTES } from './canonical.ts';

let hasher: Promise<IHasher> | undefined;
/**
 * The encoder's scratch buffer, shared by every `hash` call of this realm: each
 * call encodes and digests without an `await` in between, so no two use it at once.
 */
let scratch: Uint8Array | undefined;

/** The one hasher of this realm, created on first use (nothing runs at import time). */
function getHasher(): Promise<IHasher> {
  hasher ??= createXXHash128();
  return hasher;
}

/**
 * The hash of `value` as 32 hex characters. Plain objects hash by sorted keys,
 * Maps and Sets by content, typed arrays by element type, length and bytes;
 * `-0`, `NaN`, bigints and Dates are kept apart. Throws `HashingError` for
 * functions, symbols, cycles and class instances without a `[cacheKey]()` rule.
 *
 * @example
 * await hash({ b: 1, a: 2 }) === await hash({ a: 2, b: 1 }); // true
 */
export async function hash(value: unknown): Promise<string> {
  const h = await getHasher();
  h.init();
  scratch ??= new Uint8Array(SCRATCH_BYTES);
  const encoder = new CanonicalEncoder({ write: (bytes) => void h.update(bytes) }, scratch);
  encoder.encode(value);
  encoder.flush();
  return h.digest('hex');
}
