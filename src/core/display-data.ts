/** Rich output. Every variant carries `text`, its plain-text form, which is what tests compare. */
export type DisplayData =
  | { mime: 'text/plain'; text: string }
  /** HTML is untrusted: the page sanitises it before inserting it. */
  | { mime: 'text/html'; html: string; text: string }
  | { mime: 'image/svg+xml'; svg: string; text: string }
  /** A raster image (PNG) made from a canvas, ImageData, ImageBitmap or Blob. */
  | { mime: 'image/png'; blob: Blob; width: number; height: number; text: string }
  | {
      mime: 'application/vnd.yieldbook.table+json';
      columns: string[];
      rows: string[][];
      text: string;
    }
  | {
      mime: 'application/vnd.yieldbook.progress+json';
      label: string;
      done: number;
      /** Unknown for iterables without a length. */
      total: number | null;
      elapsedMs: number;
      finished: boolean;
      text: string;
    }
  /**
   * A file the reader can save: the page shows a download link for `blob`
   * (with `download=filename`, never opened as a page).
   */
  | { mime: 'application/vnd.yieldbook.download+json'; blob: Blob; filename: string; text: string };
