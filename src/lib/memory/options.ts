/** Checks `mmapMode`; `undefined` stays undefined (inherit). */
export function checkMmapMode(mode: unknown): 'r' | null | undefined {
  if (mode === undefined || mode === null || mode === 'r') return mode;
  throw new TypeError(
    `Expected \`mmapMode\` to be 'r' or null, got ${JSON.stringify(mode)} (the other numpy modes have no meaning here)`,
  );
}
