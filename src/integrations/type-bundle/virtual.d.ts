/** Written by the `typeCheck` integration (src/integrations/type-bundle/index.ts). */
declare module 'virtual:yieldbook/type-bundle' {
  /**
   * Where the type bundle is served, from the site's root (`/_astro/type-bundle.<hash>.gz`):
   * read it with `fetchTypeBundle` (src/typecheck/fetch-type-bundle.ts).
   */
  export const typeBundleUrl: string;
}
