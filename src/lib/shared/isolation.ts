import { hasSharedMemory } from '../../core/environment.ts';

/**
 * Shared memory needs `SharedArrayBuffer`, which browsers hand out only to
 * cross-origin isolated pages (served with COOP `same-origin` and COEP
 * `require-corp`). Node always has it.
 */
export function requireSharedMemory(what: string): void {
  if (!hasSharedMemory()) {
    throw new Error(
      `${what} needs shared memory, but this page is not cross-origin isolated ` +
        '(crossOriginIsolated is false, so SharedArrayBuffer is unavailable). ' +
        'Serve the page with the headers Cross-Origin-Opener-Policy: same-origin and ' +
        'Cross-Origin-Embedder-Policy: require-corp (npm start and npm run dev do).',
    );
  }
}
