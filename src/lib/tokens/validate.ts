/**
 * Checks the `maxLength` of `split` and `pack` when they are called, not at the
 * first `next()`: a generator's body only starts on demand, so a bad argument
 * would otherwise surface far from the call that passed it.
 */
export function expectMaxLength(maxLength: unknown): asserts maxLength is number {
  if (!Number.isSafeInteger(maxLength) || (maxLength as number) < 1) {
    throw new RangeError(
      `Expected \`maxLength\` to be a positive integer, got ${kindOf(maxLength)}`,
    );
  }
}

/** Checks one document of token ids as it arrives from the stream. */
export function expectTokens(tokens: unknown, index: number): asserts tokens is readonly number[] {
  if (!Array.isArray(tokens) && !ArrayBuffer.isView(tokens)) {
    throw new TypeError(
      `Expected document ${index} to be an array of token ids, got ${kindOf(tokens)}`,
    );
  }
}

function kindOf(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value).slice(8, -1);
}
