/**
 * A build check: after `astro build`, every file sent to browsers (the client
 * output) is searched for the values of the server secrets. If one is found,
 * the build fails and names the file and the variable (never the value).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { loadEnv } from 'vite';

/** One secret value found in one file. */
export interface SecretLeak {
  /** Path relative to the scanned folder. */
  file: string;
  /** Name of the variable whose value was found. */
  name: string;
}

/** Values shorter than this are not scanned: they would match by chance (a limit like `64`). */
const MIN_SECRET_LENGTH = 8;

/** The forms a value may take in a bundle: as is, JSON-escaped, URL-encoded. */
function forms(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

/** The secrets worth scanning for: set, long enough, and not a plain number. */
export function secretsToScan(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): { name: string; value: string }[] {
  return names.flatMap((name) => {
    const value = env[name]?.trim();
    if (!value || value.length < MIN_SECRET_LENGTH || /^[\d.]+$/.test(value)) return [];
    return [{ name, value }];
  });
}

/** Every file under `dir` containing one of `secrets`, in any of its forms. */
export async function findSecrets(
  dir: string,
  secrets: readonly { name: string; value: string }[],
): Promise<SecretLeak[]> {
  if (secrets.length === 0) return [];
  const needles = secrets.map(({ name, value }) => ({
    name,
    forms: forms(value).map((form) => Buffer.from(form, 'utf8')),
  }));
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const leaks: SecretLeak[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    for (const needle of needles) {
      if (needle.forms.some((form) => bytes.includes(form))) {
        leaks.push({ file: relative(dir, path).replace(/\\/g, '/'), name: needle.name });
      }
    }
  }
  return leaks.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}

/** Options of `secretScan`. */
export interface SecretScanOptions {
  /** Environment variables whose values must never reach the browser. */
  names: readonly string[];
  /** Where the values come from. @default process.env merged with the project's .env files */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The error a leak fails the build with. */
function leakMessage(leaks: readonly SecretLeak[]): string {
  const lines = leaks.map((leak) => `  ${leak.file}: value of ${leak.name}`);
  return `Server secrets found in files sent to browsers:\n${lines.join('\n')}`;
}

/** The Astro integration. */
export function secretScan(options: SecretScanOptions): AstroIntegration {
  let root = process.cwd();
  let clientDir: URL | null = null;
  return {
    name: 'yieldbook:secret-scan',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const env = options.env ?? { ...loadEnv('production', root, ''), ...process.env };
        const secrets = secretsToScan(env, options.names);
        const scanned = fileURLToPath(clientDir ?? dir);
        const leaks = await findSecrets(scanned, secrets);
        if (leaks.length > 0) throw new Error(leakMessage(leaks));
        logger.info(
          secrets.length === 0
            ? 'no server secrets set; nothing to scan for'
            : `no server secret found in ${relative(root, scanned) || '.'} (${secrets.map((secret) => secret.name).join(', ')})`,
        );
      },
    },
  };
}
