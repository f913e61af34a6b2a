/** Joining the byte chunks of a body or an event, as they arrived, into one buffer. */

/**
 * `parts` end to end in one `Uint8Array`: a new one, or the only part itself (a body that
 * came in one chunk, the usual case, is not copied; callers only read the result).
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const all = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  return all;
}
