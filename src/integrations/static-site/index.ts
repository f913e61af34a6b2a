/**
 * The static-site integration: every page gets the early head script (access links, the
 * service worker's registration), and after the build the service worker
 * (src/service-worker/service.worker.ts) is bundled by Vite to `<client>/sw.js`, with the
 * base path and the site's headers baked in, so `dist/client` also works on a static host
 * that sends no headers and runs no server (docs/deploy-static.md).
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build } from 'vite';
import type { ServiceWorkerConfig } from '../../service-worker/config.ts';
import { earlyScript } from './early-script.ts';

/** Options of `staticSite`. */
export interface StaticSiteOptions {
  /** The site's base path, as given to Astro (`parseSiteBase`). */
  base: string;
  /** The site's headers, given the built client folder (they hash its inline scripts). */
  headers(clientDir: string): Promise<ServiceWorkerConfig['headers']>;
}

/** Where the service worker's source is. */
const ENTRY = fileURLToPath(new URL('../../service-worker/service.worker.ts', import.meta.url));

/** Bundles the service worker into `outDir/sw.js`, one classic script with `config` baked in. */
export async function buildServiceWorker(
  outDir: string,
  config: ServiceWorkerConfig,
): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    define: { __YIELDBOOK_SW__: JSON.stringify(config) },
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      reportCompressedSize: false,
      lib: {
        entry: ENTRY,
        // A classic script: module service workers are not registered everywhere yet.
        formats: ['iife'],
        name: 'yieldbookServiceWorker',
        fileName: () => 'sw.js',
      },
    },
  });
}

/** The Astro integration. */
export function staticSite(options: StaticSiteOptions): AstroIntegration {
  let clientDir: URL | null = null;
  return {
    name: 'yieldbook:static-site',
    hooks: {
      'astro:config:setup': ({ injectScript }) => {
        injectScript('head-inline', earlyScript(options.base));
      },
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(clientDir ?? dir);
        await buildServiceWorker(out, { base: options.base, headers: await options.headers(out) });
        logger.info(`service worker written to ${options.base}sw.js`);
      },
    },
  };
}
