import type { OutputItem } from '../core/output-item.ts';

/** Trailing spaces off every line, final newlines off the whole (docs/cells.md "Output text"). */
export function normalizeOutput(text: string): string {
  // `(?<!…)`: a match starts only where a run starts, so matching is linear (check:regex).
  return text
    .split('\n')
    .map((line) => line.replace(/(?<![ \t])[ \t]+$/, ''))
    .join('\n')
    .replace(/(?<!\n)\n+$/, '');
}

/**
 * The text of a run's output that is compared with a cell's expected block:
 * streams as they are, each display item's latest `text` at the place it
 * first appeared, results, errors as `Name: message`, and the latest
 * dropped-output notice, each of the last four followed by a newline.
 */
export function outputText(items: readonly OutputItem[]): string {
  const parts: string[] = [];
  const displays = new Map<string, number>();
  let dropped: number | null = null;
  for (const item of items) {
    switch (item.kind) {
      case 'stream':
        parts.push(item.text);
        break;
      case 'display': {
        const at = displays.get(item.displayId);
        if (at === undefined) {
          displays.set(item.displayId, parts.length);
          parts.push(`${item.data.text}\n`);
        } else {
          parts[at] = `${item.data.text}\n`;
        }
        break;
      }
      case 'result':
        parts.push(`${item.text}\n`);
        break;
      case 'error':
        parts.push(`${item.error.name}: ${item.error.message}\n`);
        break;
      case 'dropped': {
        // Counts are cumulative, so the latest notice replaces the earlier one.
        const text = `… ${item.chars} characters of output dropped\n`;
        if (dropped === null) {
          dropped = parts.length;
          parts.push(text);
        } else {
          parts[dropped] = text;
        }
        break;
      }
    }
  }
  return normalizeOutput(parts.join(''));
}
