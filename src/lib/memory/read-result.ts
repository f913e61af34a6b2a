/**
 * Opens a stored result through the quickest path its store has: reads into
 * the result's own buffers where the store can (`openOutput`), else its bytes
 * in one piece (`readOutput`).
 */
import { type DeserializeOptions, deserialize, deserializeFrom } from './serialize.ts';
import type { Store } from './store.ts';

/** A stored result that was found, not yet decoded. */
export interface OpenedResult {
  /** Reads and decodes the value; throws a plain `Error` when the stored bytes are not a result. */
  decode(options: DeserializeOptions): Promise<unknown>;
  close(): Promise<void>;
}

/** The stored result of a call, or `undefined` when there is none; store errors propagate. */
export async function openResult(
  store: Store,
  funcId: string,
  argsId: string,
): Promise<OpenedResult | undefined> {
  if (store.openOutput) {
    const file = await store.openOutput(funcId, argsId);
    return (
      file && { decode: (options) => deserializeFrom(file, options), close: () => file.close() }
    );
  }
  const bytes = await store.readOutput(funcId, argsId);
  return (
    bytes && {
      decode: async (options) => deserialize(bytes, options),
      close: async () => {},
    }
  );
}
