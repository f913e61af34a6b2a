/**
 * After `astro build`, writes brotli and gzip copies of the site's text files next to
 * them (src/server/http/compression.ts), which `server.mjs` sends to browsers that accept
 * them. Listed after the secret scan, which reads the files as they are. Compressed copies
 * are kept between builds (src/server/http/compression-cache.ts), so only files that
 * changed are compressed again.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { precompressFolder } from '../server/http/compression.ts';
import { folderCompressionCache } from '../server/http/compression-cache.ts';

/** Options of {@link precompress}. */
export interface PrecompressIntegrationOptions {
  /** Where compressed copies are kept between builds. @default `<root>/node_modules/.cache/yieldbook-precompress` */
  cacheDir?: string;
}

/** The integration. */
export function precompress(options: PrecompressIntegrationOptions = {}): AstroIntegration {
  // Known once Astro has resolved the project root.
  let cacheDir = options.cacheDir ?? '';
  return {
    name: 'yieldbook:precompress',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir ||= join(
          fileURLToPath(config.root),
          'node_modules',
          '.cache',
          'yieldbook-precompress',
        );
      },
      'astro:build:done': async ({ dir, logger }) => {
        const cache = folderCompressionCache(cacheDir);
        const { files, bytes, brotliBytes, compressed } = await precompressFolder(
          fileURLToPath(dir),
          { cache },
        );
        const removed = await cache.prune();
        const kb = (value: number) => `${(value / 1024).toFixed(0)} KiB`;
        logger.info(
          `${files} files, ${kb(bytes)} → ${kb(brotliBytes)} with brotli; ${compressed} of ${files * 2} copies compressed anew${removed > 0 ? `, ${removed} old cache entries removed` : ''}`,
        );
      },
    },
  };
}
