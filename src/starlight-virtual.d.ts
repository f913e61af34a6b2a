/**
 * Types for the two Starlight virtual modules that the search override
 * (src/components/Search.astro) imports. Starlight generates them in its Vite
 * plugin (`integrations/vite-virtual-modules.js`) but ships no declarations.
 */
declare module 'virtual:starlight/project-context' {
  const project: {
    readonly build: { readonly format: 'file' | 'directory' | 'preserve' };
    readonly root: string;
    readonly srcDir: string;
    readonly trailingSlash: 'always' | 'never' | 'ignore';
  };
  export default project;
}

declare module 'virtual:starlight/pagefind-config' {
  /** The `pagefind` option given to Starlight, passed to the Pagefind UI. */
  export const pagefindUserConfig: Readonly<Record<string, unknown>>;
}
