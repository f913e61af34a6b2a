/**
 * After `astro build`, writes the site's headers for static hosts (host-headers.ts):
 * `dist/client/_headers` (Netlify, Cloudflare Pages) and `dist/headers/nginx.conf`. The pages'
 * policy holds the hashes of this build's inline scripts, as server.mjs computes them.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { headerRules, headersFile, nginxSnippet } from '../server/headers/host-headers.ts';
import { inlineScriptHashes } from '../server/headers/inline-script-hashes.ts';
import { siteHeaders } from '../server/headers/site-headers.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')}`);
}

/** The integration. */
export function hostHeaders(): AstroIntegration {
  let clientDir: URL | null = null;
  let outDir: URL | null = null;
  return {
    name: 'yieldbook:host-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
        outDir = config.outDir;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const client = fileURLToPath(clientDir ?? dir);
        const headers = siteHeaders(await inlineScriptHashes(client));
        const files = (await filesUnder(client)).filter((file) => file !== '/_headers');
        await writeFile(join(client, '_headers'), headersFile(headerRules(headers, files)));
        const out = fileURLToPath(new URL('headers/', outDir ?? new URL('../', dir)));
        await mkdir(out, { recursive: true });
        await writeFile(join(out, 'nginx.conf'), nginxSnippet(headers));
        logger.info('wrote client/_headers and headers/nginx.conf for static hosts');
      },
    },
  };
}
