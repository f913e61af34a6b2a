import type { DisplayData } from '../../core/display-data.ts';

type DownloadData = Extract<DisplayData, { mime: 'application/vnd.yieldbook.download+json' }>;

/** Options of `download`. */
export interface DownloadOptions {
  /** Name the browser saves the file under (no folders). */
  filename: string;
  /**
   * Media type of the file. Only harmless text and binary types are kept;
   * anything else (HTML, SVG, scripts) is saved as `application/octet-stream`.
   * @default 'text/plain'
   */
  type?: string;
}

/** What `download` accepts: text, parts of text or bytes (joined as they are), or a Blob. */
export type DownloadContent = string | Blob | Uint8Array | readonly (string | Uint8Array)[];

const SAFE_TYPES = new Set([
  'text/plain',
  'text/csv',
  'application/json',
  'application/jsonl',
  'application/x-ndjson',
  'application/octet-stream',
]);

/**
 * The media type a download is saved with: `type` when it is a harmless text
 * or binary type, otherwise `application/octet-stream` (so a file cannot be
 * opened as a page of this site).
 */
export function safeDownloadType(type: string): string {
  const wanted = type.toLowerCase();
  return SAFE_TYPES.has(wanted) ? wanted : 'application/octet-stream';
}

/** A file name with no path, no control characters, at most 120 characters. */
function checkFilename(filename: unknown): string {
  if (
    typeof filename !== 'string' ||
    filename === '' ||
    filename.length > 120 ||
    filename === '.' ||
    filename === '..' ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
    /[/\\\u0000-\u001f\u007f]/.test(filename)
  ) {
    throw new TypeError(
      `Expected \`filename\` to be a file name without folders or control characters (1–120 characters), got ${JSON.stringify(filename)}`,
    );
  }
  return filename;
}

function toBlob(content: DownloadContent, type: string): Blob {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    return new Blob([content as BlobPart], { type });
  }
  if (content instanceof Blob) return new Blob([content], { type });
  if (Array.isArray(content)) {
    const parts = content as readonly unknown[];
    const bad = parts.findIndex(
      (part) => typeof part !== 'string' && !(part instanceof Uint8Array),
    );
    if (bad === -1) return new Blob(parts as BlobPart[], { type });
    throw new TypeError(
      `Expected every part of \`content\` to be a string or a Uint8Array, got ${typeof parts[bad]} at index ${bad}`,
    );
  }
  throw new TypeError(
    `Expected \`content\` to be a string, a Blob, a Uint8Array or an array of strings, got ${content === null ? 'null' : typeof content}`,
  );
}

/** `1234567` → `1.2 MB`; bytes below a kilobyte are written out. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A file for the reader to save, ready for `display`: the page shows a
 * "Download" link for it. The content is copied into a Blob, so it works in
 * the kernel worker, in the page and in Node (where `display` prints the
 * link's text).
 *
 * @example
 * display(download(lines.join('\n'), { filename: 'answers.jsonl', type: 'application/jsonl' }));
 */
export function download(content: DownloadContent, options: DownloadOptions): DownloadData {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `Expected \`options\` to be an object with a \`filename\`, got ${String(options)}`,
    );
  }
  const filename = checkFilename(options.filename);
  if (options.type !== undefined && typeof options.type !== 'string') {
    throw new TypeError(`Expected \`type\` to be a media type string, got ${typeof options.type}`);
  }
  const type = safeDownloadType(options.type ?? 'text/plain');
  const blob = toBlob(content, type);
  return {
    mime: 'application/vnd.yieldbook.download+json',
    blob,
    filename,
    text: `Download ${filename} (${formatBytes(blob.size)})`,
  };
}
