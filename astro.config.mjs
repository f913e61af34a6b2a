// @ts-check

import process from 'node:process';
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import starlight from '@astrojs/starlight';
import { defineConfig, envField } from 'astro/config';
import { STARLIGHT_LOCALES } from './src/i18n/locales.ts';
import { remarkCells } from './src/integrations/cells/remark-cells.ts';
import { editionParity } from './src/integrations/edition-parity.ts';
import { hostHeaders } from './src/integrations/host-headers.ts';
import { lessonsInOrder } from './src/integrations/lessons-in-order.ts';
import { remarkBaseLinks } from './src/integrations/links/remark-base-links.ts';
import { precompress } from './src/integrations/precompress.ts';
import { secretScan } from './src/integrations/secret-scan/index.ts';
import { staticSite } from './src/integrations/static-site/index.ts';
import { parseSiteBase } from './src/integrations/static-site/site-base.ts';
import { typeCheck } from './src/integrations/type-bundle/index.ts';
import { inspectAsModule, workerChunks } from './src/integrations/worker-chunks.ts';
import { inlineScriptHashes } from './src/server/headers/inline-script-hashes.ts';
import { DEV_HEADERS, siteHeaders } from './src/server/headers/site-headers.ts';
import { LLM_SETTINGS } from './src/server/llm/settings.ts';

/**
 * Server-only settings of the LLM proxy, one per row of src/server/llm/settings.ts (README
 * "LLM proxy"). All are optional secret strings: read at the first request, never built in;
 * the proxy parses and checks them itself.
 */
const llmEnv = Object.fromEntries(
  LLM_SETTINGS.map(({ name }) => [
    name,
    envField.string({ context: 'server', access: 'secret', optional: true }),
  ]),
);

const base = parseSiteBase(process.env.SITE_BASE);

/** The lessons, by their frontmatter `order`; a missing or shared `order` fails the build. */
const lessons = lessonsInOrder(new URL('.', import.meta.url));

export default defineConfig({
  // The public address, for canonical links and the sitemap; set SITE when deploying elsewhere.
  site: process.env.SITE ?? 'http://127.0.0.1:4321',
  // The path the site lives under: `/`, or `SITE_BASE=/<repo>/` for a project page
  // (docs/deploy-static.md). Links, assets, workers, the service worker and the proxy follow it.
  base,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  // Cross-origin isolation and the security headers; `server.mjs` sets the built site's.
  server: { headers: DEV_HEADERS },
  vite: {
    // The kernel is a module worker. Vite's default worker format (iife) cannot split
    // code, so every `import()` in module-registry.ts would be inlined into the kernel's
    // main chunk; as ES modules each course module (the OpenAI SDK too) is its own chunk,
    // loaded on first use. Top-level await in yieldbook/llm also needs ES output.
    // The plugins make each worker one file, its entry with everything it imports statically
    // (src/integrations/worker-chunks.ts).
    worker: { format: 'es', plugins: () => [inspectAsModule(), workerChunks()] },
  },
  // The dev toolbar would add its own scripts and UI to every lesson an instructor previews.
  devToolbar: { enabled: false },
  // Starlight turns on prefetching every link on hover; its script (about 1.1 KB gzip) would be
  // most of the budget of JavaScript a lesson may ship before any interaction (7 KB). Pages are
  // small and precompressed, so a click fetches the next lesson fast enough without it.
  prefetch: false,
  env: { schema: llmEnv },
  markdown: {
    // Astro 7's default processor (Sätteri) ignores remark plugins; the cell plugin is one.
    // Root-relative links between lessons follow `base` (a project page's `/<repo>/`).
    processor: unified({ remarkPlugins: [remarkCells, [remarkBaseLinks, { base }]] }),
  },
  integrations: [
    starlight({
      title: 'Yieldbook',
      description:
        'An interactive course on generators, async code, caching and parallelism, in TypeScript, running in your browser.',
      // English at the root (URLs unchanged), Japanese under /ja/ (content/lessons/ja/). Starlight
      // sets each page's `lang`, adds the language picker and localises the sidebar's links.
      defaultLocale: 'root',
      locales: STARLIGHT_LOCALES,
      sidebar: [
        {
          label: 'Lessons',
          translations: { ja: 'レッスン' },
          items: lessons.map((lesson) => ({ slug: lesson.id })),
        },
        {
          label: 'Reference',
          translations: { ja: '資料' },
          items: [{ slug: 'glossary' }],
        },
      ],
      // Lessons live outside `src/content/docs`; without this, asides and heading anchors vanish.
      markdown: { processedDirs: ['./content'] },
      customCss: ['./src/styles/site.css', './src/styles/cells.css', './src/styles/output.css'],
      components: {
        Banner: './src/components/Banner.astro',
        MarkdownContent: './src/components/MarkdownContent.astro',
        Search: './src/components/Search.astro',
      },
    }),
    mdx(),
    // Fails the build when the English and Japanese lessons differ in their cells (docs/i18n.md).
    editionParity(),
    // Access links and, for static hosts, the service worker (before the scan, which reads it too).
    staticSite({ base, headers: async (dir) => siteHeaders(await inlineScriptHashes(dir)) }),
    // Fails the build if the value of a server secret shows up in a file sent to browsers.
    secretScan({ names: ['LLM_API_KEY', 'LLM_ACCESS_SECRET'] }),
    // Type-checks every lesson page (docs/typecheck.md) and writes the editor's type bundle.
    typeCheck(),
    // The site's headers for static hosts: dist/client/_headers, dist/headers/nginx.conf.
    hostHeaders(),
    // Brotli and gzip copies of the client files, for server.mjs; after the scan.
    precompress(),
  ],
});
