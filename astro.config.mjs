// @ts-check

import process from 'node:process';
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import starlight from '@astrojs/starlight';
import { defineConfig, envField } from 'astro/config';
import { remarkCells } from './src/integrations/cells/remark-cells.ts';
import { lessonsInOrder } from './src/integrations/lessons-in-order.ts';
import { secretScan } from './src/integrations/secret-scan/index.ts';

/**
 * Cross-origin isolation: `SharedArrayBuffer` (interrupts, shared-memory lessons) needs
 * it, and worker scripts must carry COEP too or they fail to load. The same headers are
 * set by `server.mjs` for the built site.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Server-only settings of the LLM proxy (src/server/llm/config.ts; README "LLM proxy"). */
const llmSecret = () => envField.string({ context: 'server', access: 'secret', optional: true });
const llmEnv = Object.fromEntries(
  [
    'LLM_BASE_URL',
    'LLM_API_KEY',
    'LLM_MODELS',
    'LLM_DEFAULT_MODEL',
    'LLM_MAX_BODY_BYTES',
    'LLM_MAX_TOKENS',
    'LLM_MAX_CONCURRENT',
    'LLM_RATE_PER_SECOND',
    'LLM_RATE_BURST',
    'LLM_TIMEOUT_MS',
    'LLM_OFFLINE_DELAY_SCALE',
  ].map((name) => [name, llmSecret()]),
);

/** The lessons, by their frontmatter `order`; a missing or shared `order` fails the build. */
const lessons = lessonsInOrder(new URL('.', import.meta.url));

export default defineConfig({
  // The public address, for canonical links and the sitemap; set SITE when deploying elsewhere.
  site: process.env.SITE ?? 'http://127.0.0.1:4321',
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  server: { headers: isolationHeaders },
  vite: {
    // The kernel is a module worker. Vite's default worker format (iife) cannot split
    // code, so every `import()` in module-registry.ts would be inlined into the kernel's
    // main chunk; as ES modules each course module (the OpenAI SDK too) is its own chunk,
    // loaded on first use. Top-level await in yieldbook/llm also needs ES output.
    worker: { format: 'es' },
  },
  // The dev toolbar would add its own scripts and UI to every lesson an instructor previews.
  devToolbar: { enabled: false },
  env: { schema: llmEnv },
  markdown: {
    // Astro 7's default processor (Sätteri) ignores remark plugins; the cell plugin is one.
    processor: unified({ remarkPlugins: [remarkCells] }),
  },
  integrations: [
    starlight({
      title: 'Yieldbook',
      description:
        'An interactive course on generators, async code, caching and parallelism, in TypeScript, running in your browser.',
      sidebar: [
        {
          label: 'Lessons',
          items: lessons.map((lesson) => ({ slug: lesson.id })),
        },
      ],
      // Lessons live outside `src/content/docs`; without this, asides and heading anchors vanish.
      markdown: { processedDirs: ['./content'] },
      customCss: ['./src/styles/site.css', './src/styles/cells.css', './src/styles/output.css'],
      components: {
        MarkdownContent: './src/components/MarkdownContent.astro',
        Search: './src/components/Search.astro',
      },
    }),
    mdx(),
    // Fails the build if the value of a server secret shows up in a file sent to browsers.
    secretScan({ names: ['LLM_API_KEY'] }),
  ],
});
