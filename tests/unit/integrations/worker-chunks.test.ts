import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin as RolldownPlugin } from 'rolldown';
import { describe, expect, it } from 'vitest';
import {
  inspectAsModule,
  sharesWithLazyCode,
  staticallyReached,
  WORKER_IMPORTS_MODULE,
  workerChunks,
  workerImports,
  workerName,
} from '../../../src/integrations/worker-chunks.ts';

const POOL_WORKER = resolve(import.meta.dirname, '../../../src/lib/parallel/pool.worker.ts');
const KERNEL_WORKER = resolve(import.meta.dirname, '../../../src/notebook/kernel/kernel.worker.ts');

/** The files a module worker fetches before its entry runs: the entry and its static imports, deep. */
async function staticFiles(dir: string, entry: string): Promise<string[]> {
  const seen: string[] = [];
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.includes(file)) continue;
    seen.push(file);
    const code = await readFile(join(dir, file), 'utf8');
    // Minified static imports: `import{…}from"./x.js"` and `import"./x.js"`, never `import(`.
    for (const match of code.matchAll(/\bimport\s*(?:[^("'`;]*?from\s*)?["']\.\/([^"']+)["']/gu)) {
      if (match[1] !== undefined) todo.push(match[1]);
    }
  }
  return seen;
}

/** What `virtual:yieldbook/worker-imports` exports in a build under `base`, read from the plugin. */
function loadWorkerImports(base: string): Record<string, string[]> {
  const plugin = workerImports();
  const configResolved = plugin.configResolved as (config: { base: string }) => void;
  const resolveId = plugin.resolveId as (id: string) => string | undefined;
  const load = plugin.load as (id: string) => string | undefined;
  configResolved({ base });
  const id = resolveId(WORKER_IMPORTS_MODULE);
  if (id === undefined) throw new Error('Expected the plugin to resolve its module');
  const code = load(id) ?? '';
  const json = /^export const workerImports = (.*);\n$/su.exec(code)?.[1];
  if (json === undefined) throw new Error(`Expected one exported object, got ${code}`);
  return JSON.parse(json) as Record<string, string[]>;
}

/** Bundles the kernel's worker as a module worker, with `plugins`, into a temporary folder. */
async function bundleKernel(plugins: RolldownPlugin[]): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'worker-chunks-'));
  await build({
    input: { 'kernel.worker': KERNEL_WORKER },
    platform: 'browser',
    resolve: { conditionNames: ['browser', 'import', 'default'] },
    plugins,
    logLevel: 'silent',
    output: { dir, format: 'es', minify: true },
  });
  return { dir, files: await staticFiles(dir, 'kernel.worker.js') };
}

describe('workerChunks and inspectAsModule', () => {
  it('leave a worker with nothing loaded on demand as one file', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'worker-chunks-'));
    try {
      await build({
        input: { 'pool.worker': POOL_WORKER },
        platform: 'browser',
        plugins: [inspectAsModule(), workerChunks()] as unknown as RolldownPlugin[],
        logLevel: 'silent',
        output: { dir, format: 'es', minify: true },
      });
      expect(await staticFiles(dir, 'pool.worker.js')).toEqual(['pool.worker.js']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leave the kernel worker one chunk to fetch after its entry', {
    timeout: 120_000,
  }, async () => {
    const plugins = [inspectAsModule(), workerChunks()] as unknown as RolldownPlugin[];
    const { dir, files } = await bundleKernel(plugins);
    try {
      expect(files).toHaveLength(2);
      expect(files[1]).toMatch(/^worker-modules-.+\.js$/u);
      // The page is told that chunk, under the site's base, to fetch it as the worker starts.
      expect(loadWorkerImports('/yieldbook')['kernel.worker']).toEqual([`/yieldbook/${files[1]}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('workerImports', () => {
  it('names a worker by its entry file', () => {
    expect(workerName('/site/src/notebook/kernel/kernel.worker.ts')).toBe('kernel.worker');
    expect(workerName('C:\\site\\pool.worker.mjs')).toBe('pool.worker');
  });

  it('lists what each bundled entry imports, under the base, and no one-file worker', () => {
    const generateBundle = workerChunks().generateBundle as (
      options: unknown,
      bundle: Record<string, unknown>,
    ) => void;
    generateBundle(
      {},
      {
        'solo.js': {
          type: 'chunk',
          isEntry: true,
          facadeModuleId: '/s/solo.worker.ts',
          imports: [],
        },
        'pair.js': {
          type: 'chunk',
          isEntry: true,
          facadeModuleId: '/s/pair.worker.ts',
          imports: ['_astro/shared-1.js'],
        },
        'shared-1.js': { type: 'chunk', isEntry: false, facadeModuleId: null, imports: [] },
        'style.css': { type: 'asset' },
      },
    );
    const listed = loadWorkerImports('/');
    expect(listed['pair.worker']).toEqual(['/_astro/shared-1.js']);
    expect(Object.keys(listed)).not.toContain('solo.worker');
  });
});

describe('inspectAsModule', () => {
  it('gives node-inspect-extracted as an ES module that formats like Node', async () => {
    const file = resolve(
      import.meta.dirname,
      '../../../node_modules/node-inspect-extracted/dist/inspect.js',
    );
    const plugin = inspectAsModule() as {
      transform: (code: string, id: string) => { code: string };
    };
    const { code } = plugin.transform(await readFile(file, 'utf8'), file);
    const dir = await mkdtemp(join(tmpdir(), 'inspect-module-'));
    try {
      const out = join(dir, 'inspect.mjs');
      await writeFile(out, code);
      const module = (await import(pathToFileURL(out).href)) as {
        default: { inspect(value: unknown): string };
      };
      expect(module.default.inspect({ value: 1, done: false })).toBe('{ value: 1, done: false }');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves other files alone', () => {
    const plugin = inspectAsModule() as { transform: (code: string, id: string) => unknown };
    expect(plugin.transform('export {}', '/x/node_modules/other/dist/inspect.js')).toBeNull();
  });
});

describe('sharesWithLazyCode', () => {
  const entries = new Set(['entry']);
  const imports = new Map([
    ['entry', ['a']],
    ['lazy', ['b']],
  ]);
  const reached = staticallyReached(entries, imports);

  it('is false for a worker whose lazy code shares nothing with its start', () => {
    expect(sharesWithLazyCode(reached, entries, imports, new Map([['a', ['lazy']]]))).toBe(false);
    expect(sharesWithLazyCode(reached, entries, imports, new Map())).toBe(false);
  });

  it('is true when lazy code imports a start-up module, or one is also imported lazily', () => {
    const sharing = new Map([...imports, ['lazy', ['b', 'a']]]);
    expect(sharesWithLazyCode(reached, entries, sharing, new Map([['a', ['lazy']]]))).toBe(true);
    expect(sharesWithLazyCode(reached, entries, imports, new Map([['entry', ['a']]]))).toBe(true);
  });
});

describe('staticallyReached', () => {
  it('follows static imports from the entries, entries and cycles included once', () => {
    const imports = new Map([
      ['entry', ['a', 'b']],
      ['a', ['c', 'entry']],
      ['c', ['a']],
      ['lazy', ['d']],
    ]);
    expect([...staticallyReached(['entry'], imports)].sort()).toEqual(['a', 'b', 'c']);
  });
});
