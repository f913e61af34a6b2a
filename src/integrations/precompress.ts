/**
 * After `astro build`, writes brotli and gzip copies of the site's text files next to
 * them (src/server/http/compression.ts), which `server.mjs` sends to browsers that accept
 * them. Listed after the secret scan, which reads the files as they are.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { precompressFolder } from '../server/http/compression.ts';

/** The integration. */
export function precompress(): AstroIntegration {
  return {
    name: 'yieldbook:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { files, bytes, brotliBytes } = await precompressFolder(fileURLToPath(dir));
        const kb = (value: number) => `${(value / 1024).toFixed(0)} KiB`;
        logger.info(`${files} files, ${kb(bytes)} → ${kb(brotliBytes)} with brotli`);
      },
    },
  };
}
