import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroConfig, AstroIntegrationLogger } from 'astro';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findSecrets,
  secretScan,
  secretsToScan,
} from '../../../../src/integrations/secret-scan/index.ts';

const KEY = 'fake-key-planted-secret-4f9a2c';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secret-scan-'));
  await mkdir(join(dir, '_astro'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<html>clean</html>');
  await writeFile(join(dir, '_astro', 'page.js'), 'const a = 1;');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
} as unknown as AstroIntegrationLogger;

/** Runs the integration's hooks as `astro build` would, on `dir` as the client output. */
async function runBuildHooks(env: Record<string, string>): Promise<void> {
  const integration = secretScan({ names: ['LLM_API_KEY'], env });
  const hooks = integration.hooks as Record<string, (options: unknown) => Promise<void> | void>;
  const client = pathToFileURL(`${dir}/`);
  await hooks['astro:config:done']?.({
    config: { root: pathToFileURL(`${dir}/`), build: { client } } as unknown as AstroConfig,
    logger,
  });
  await hooks['astro:build:done']?.({ dir: client, pages: [], assets: new Map(), logger });
}

describe('build-time secret scan', () => {
  it('passes a clean build', async () => {
    await expect(runBuildHooks({ LLM_API_KEY: KEY })).resolves.toBeUndefined();
  });

  it('fails the build naming the file and variable when a secret is planted, without printing it', async () => {
    await writeFile(join(dir, '_astro', 'chunk.js'), `const key = "${KEY}";`);
    const failure = await runBuildHooks({ LLM_API_KEY: KEY }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      'Server secrets found in files sent to browsers:\n  _astro/chunk.js: value of LLM_API_KEY',
    );
    expect((failure as Error).message).not.toContain(KEY);
  });

  it('finds JSON-escaped and URL-encoded forms too, in binary files as well', async () => {
    const tricky = 'fake-key-"quoted"/slash+plus';
    await writeFile(join(dir, 'a.json'), JSON.stringify({ k: tricky }));
    await writeFile(join(dir, 'b.txt'), `?key=${encodeURIComponent(tricky)}`);
    await writeFile(
      join(dir, 'c.bin'),
      Buffer.concat([Buffer.from([0, 255]), Buffer.from(tricky)]),
    );
    const leaks = await findSecrets(dir, [{ name: 'LLM_API_KEY', value: tricky }]);
    expect(leaks.map((leak) => leak.file)).toEqual(['a.json', 'b.txt', 'c.bin']);
  });

  it('skips unset, short and numeric values', () => {
    expect(
      secretsToScan({ A: '', B: 'short', C: '123456789', D: ` ${KEY} ` }, [
        'A',
        'B',
        'C',
        'D',
        'E',
      ]),
    ).toEqual([{ name: 'D', value: KEY }]);
  });
});
