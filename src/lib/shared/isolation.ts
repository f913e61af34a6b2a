/**
 * Shared memory needs `SharedArrayBuffer`, which browsers hand out only to
 * cross-origin isolated pages (served with COOP `same-origin` and COEP
 * `require-corp`). Node always has it.
 */
export function requireSharedMemory(what: string): void {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  if (typeof SharedArrayBuffer !== 'function' || scope.crossOriginIsolated === false) {
    throw new Error(
      `${what} needs shared memory, but this page is not cross-origin isolated ` +
        '(crossOriginIsolated is false, so SharedArrayBuffer is unavailable). ' +
        'Serve the page with the headers Cross-Origin-Opener-Policy: same-origin and ' +
        'Cross-Origin-Embedder-Policy: require-corp (npm start and npm run dev do).',
    );
  }
}

/** Whether shared memory can be used here. */
export function hasSharedMemory(): boolean {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === 'function' && scope.crossOriginIsolated !== false;
}
