/** Written by the `workerImports` Vite plugin (src/integrations/worker-chunks.ts). */
declare module 'virtual:yieldbook/worker-imports' {
  /**
   * The files each worker's entry imports at start, by the entry's name (`kernel.worker`),
   * as URLs from the site's root (`/_astro/worker-modules-<hash>.js`); empty outside a build.
   */
  export const workerImports: Readonly<Record<string, readonly string[]>>;
}
