/**
 * The words the home page and the top of each lesson build from lesson frontmatter, kept
 * here so every state of the course (all ready, some planned, none ready) reads true.
 */

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`Expected \`${name}\` to be a whole number from 0, got ${String(value)}`);
  }
  return value;
}

/**
 * The home page's line on how many lessons can be read and run yet.
 *
 * @example
 * readinessLine(7, 7); // 'All 7 lessons are ready.'
 * readinessLine(6, 7); // '6 of 7 lessons are ready; the other one shows what it will cover.'
 */
export function readinessLine(ready: number, total: number): string {
  count('ready', ready);
  count('total', total);
  if (ready > total) {
    throw new RangeError(`Expected \`ready\` to be at most \`total\` (${total}), got ${ready}`);
  }
  const planned = total - ready;
  if (total === 0) return 'No lessons yet.';
  if (planned === 0)
    return total === 1 ? 'The lesson is ready.' : `All ${total} lessons are ready.`;
  if (ready === 0) {
    return total === 1
      ? 'The lesson is not ready yet; it shows what it will cover.'
      : `None of the ${total} lessons is ready yet; each shows what it will cover.`;
  }
  const others =
    planned === 1
      ? 'the other one shows what it will cover'
      : `the other ${planned} show what they will cover`;
  return `${ready} of ${total} lessons ${ready === 1 ? 'is' : 'are'} ready; ${others}.`;
}

/**
 * The expected time of a lesson, as shown at its top and on the home page.
 *
 * @example
 * aboutMinutes(35); // 'About 35 minutes'
 */
export function aboutMinutes(minutes: number): string {
  if (!Number.isSafeInteger(minutes) || minutes < 1) {
    throw new TypeError(`Expected \`minutes\` to be a whole number from 1, got ${String(minutes)}`);
  }
  return `About ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
