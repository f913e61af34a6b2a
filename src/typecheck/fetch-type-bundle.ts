import { parseTypeBundle, type TypeBundle } from './type-bundle.ts';

/** The first two bytes of a gzip stream. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Reads a type bundle file: gzip-compressed JSON as the build writes it, or plain
 * JSON (a server that sent it with `Content-Encoding: gzip` has already unpacked it).
 *
 * @throws {TypeError} when the text is not a type bundle.
 */
export async function decodeTypeBundle(bytes: Uint8Array<ArrayBuffer>): Promise<TypeBundle> {
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  const text = gzipped
    ? await new Response(
        new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')),
      ).text()
    : new TextDecoder().decode(bytes);
  return parseTypeBundle(JSON.parse(text));
}

/** Options of {@link fetchTypeBundle}. */
export interface FetchTypeBundleOptions {
  signal?: AbortSignal;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Fetches and reads the type bundle the build wrote (`typeBundleUrl` of
 * `virtual:yieldbook/type-bundle`).
 *
 * @throws {Error} ``Expected `url` to answer 200, got …`` on an HTTP error.
 * @example
 * import { typeBundleUrl } from 'virtual:yieldbook/type-bundle';
 * const bundle = await fetchTypeBundle(new URL(typeBundleUrl, location.href), { signal });
 */
export async function fetchTypeBundle(
  url: string | URL,
  options: FetchTypeBundleOptions = {},
): Promise<TypeBundle> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const response = await fetchFn(url, options.signal ? { signal: options.signal } : {});
  if (!response.ok) {
    throw new Error(`Expected \`url\` to answer 200, got ${response.status} from ${String(url)}`);
  }
  return decodeTypeBundle(new Uint8Array(await response.arrayBuffer()));
}
