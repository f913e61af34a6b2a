/**
 * The site built for a static host, at the root or under a sub-path, each into its own out
 * dir under `dist-static/` (so `dist/`, which the other tests serve, is left alone), and
 * served by the tests' plain static server: no isolation headers, no CSP, no API.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { staleBuildReason } from '../../../scripts/start.ts';
import { ROOT } from './lessons.ts';

/** One static build: its base path and where its client files are. */
export interface StaticBuild {
  /** `/` or `/<repo>/`. */
  base: string;
  /** The folder to serve (`<out dir>/client`). */
  client: string;
}

/** Builds the site with `SITE_BASE=base` into `dist-static/<name>` unless it is up to date. */
export async function staticBuild(name: string, base: string): Promise<StaticBuild> {
  const outDir = join('dist-static', name);
  const reason = await staleBuildReason(ROOT, join(outDir, 'client', 'sw.js'));
  if (reason !== null) {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--outDir', outDir],
        {
          cwd: ROOT,
          env: { ...process.env, SITE_BASE: base },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0)
      throw new Error(`Expected the static build for ${base} to succeed, got exit code ${code}`);
  }
  return { base, client: join(ROOT, outDir, 'client') };
}
