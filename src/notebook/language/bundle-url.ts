/** Where the type bundle is served. */
export function typeBundleUrl(): string {
  return '/_yb/types.json';
}
