/*
 * Apart from edit-store.ts, which the page loads at once: only the editor and
 * the lesson-changed notice hash, and they load later.
 */

/**
 * A short hash of a text (53-bit, two multiplicative lanes, as hex): enough to tell
 * whether a lesson's cell changed, and synchronous, so saving stays in the input handler.
 */
export function textHash(text: string): string {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 2654435761);
    b = Math.imul(b ^ code, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (4294967296 * (2097151 & b) + (a >>> 0)).toString(16);
}
