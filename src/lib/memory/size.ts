/** `bytesLimit` as bytes: a number, or `"<number><K|M|G>"` in powers of 1024 (`"2K"` is 2048). */
export function parseSize(size: number | string): number {
  if (typeof size === 'number') {
    if (!Number.isFinite(size) || size < 0) {
      throw new RangeError(
        `Expected \`bytesLimit\` to be a non-negative number of bytes, got ${size}`,
      );
    }
    return size;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMG])\s*$/i.exec(String(size));
  if (!match) {
    throw new RangeError(
      `Invalid literal for size given: ${String(size)} (type ${typeof size}) should be alike '10G', '500M', '50K'.`,
    );
  }
  const power = { K: 1, M: 2, G: 3 }[(match[2] as string).toUpperCase() as 'K' | 'M' | 'G'];
  return Math.floor(Number(match[1]) * 1024 ** power);
}
