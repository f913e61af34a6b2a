import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin as RolldownPlugin } from 'rolldown';
import { describe, expect, it } from 'vitest';
import {
  type FoldableBundle,
  type FoldableChunk,
  foldIntoEntries,
  inspectAsModule,
  sharesWithLazyCode,
  staticallyReached,
  workerChunks,
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

  it('make the kernel worker one file, which the chunks it loads on demand import', {
    timeout: 120_000,
  }, async () => {
    const plugins = [inspectAsModule(), workerChunks()] as unknown as RolldownPlugin[];
    const { dir, files } = await bundleKernel(plugins);
    try {
      expect(files).toEqual(['kernel.worker.js']);
      const written = await readdir(dir);
      expect(written.filter((file) => file.startsWith('worker-modules'))).toEqual([]);
      // The transformer, loaded for an edited cell, shares the cell wrapper with the start:
      // it imports it from the very file the worker runs.
      const transform = written.find((file) => file.startsWith('transform'));
      if (transform === undefined) throw new Error(`Expected a transformer chunk in ${written}`);
      expect(await readFile(join(dir, transform), 'utf8')).toMatch(
        /from\s*["']\.\/kernel\.worker\.js["']/u,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without them, the kernel worker starts from more than one file', {
    timeout: 120_000,
  }, async () => {
    const { dir, files } = await bundleKernel([]);
    try {
      expect(files.length).toBeGreaterThan(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('foldIntoEntries', () => {
  const chunk = (fileName: string, extra: Partial<FoldableChunk>): FoldableChunk => ({
    type: 'chunk',
    fileName,
    code: '',
    isEntry: false,
    imports: [],
    dynamicImports: [],
    moduleIds: [],
    facadeModuleId: null,
    ...extra,
  });

  it("gives the facade entry its group's code and points importers at the entry", () => {
    const bundle: FoldableBundle = {
      '_astro/k.worker-1.js': chunk('_astro/k.worker-1.js', {
        isEntry: true,
        facadeModuleId: '/s/k.worker.ts',
        code: 'import"./worker-modules-2.js";',
        imports: ['_astro/worker-modules-2.js'],
      }),
      '_astro/worker-modules-2.js': chunk('_astro/worker-modules-2.js', {
        code: 'start();export{a as t};',
        imports: ['_astro/runtime-4.js'],
        dynamicImports: ['_astro/lazy-3.js'],
        moduleIds: ['/s/shared.ts', '/s/k.worker.ts'],
      }),
      '_astro/lazy-3.js': chunk('_astro/lazy-3.js', {
        code: 'import{t}from"./worker-modules-2.js";',
        imports: ['_astro/worker-modules-2.js'],
      }),
      '_astro/runtime-4.js': chunk('_astro/runtime-4.js', {}),
      'style.css': { type: 'asset' },
    };
    foldIntoEntries(bundle);
    expect(Object.keys(bundle).sort()).toEqual([
      '_astro/k.worker-1.js',
      '_astro/lazy-3.js',
      '_astro/runtime-4.js',
      'style.css',
    ]);
    const entry = bundle['_astro/k.worker-1.js'];
    const lazy = bundle['_astro/lazy-3.js'];
    if (entry?.type !== 'chunk' || lazy?.type !== 'chunk') throw new Error('Expected chunks');
    expect(entry.code).toBe('start();export{a as t};');
    expect(entry.imports).toEqual(['_astro/runtime-4.js']);
    expect(entry.dynamicImports).toEqual(['_astro/lazy-3.js']);
    expect(lazy.code).toBe('import{t}from"./k.worker-1.js";');
    expect(lazy.imports).toEqual(['_astro/k.worker-1.js']);
  });

  it('leaves an entry alone whose import does not hold its own module', () => {
    const bundle: FoldableBundle = {
      'e.js': chunk('e.js', {
        isEntry: true,
        facadeModuleId: '/s/e.ts',
        code: 'import"./shared.js";go();',
        imports: ['shared.js'],
      }),
      'shared.js': chunk('shared.js', { code: 'export{}', moduleIds: ['/s/shared.ts'] }),
    };
    foldIntoEntries(bundle);
    expect(Object.keys(bundle)).toEqual(['e.js', 'shared.js']);
    expect(bundle['e.js']?.type === 'chunk' && bundle['e.js'].code).toBe(
      'import"./shared.js";go();',
    );
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
