import { beforeAll, describe, expect, it } from 'vitest';
import { loadTypeBundle } from '../../../src/integrations/type-bundle/build-type-bundle.ts';
import { CELL_MODULES } from '../../../src/notebook/kernel/module-registry.ts';
import {
  GLOBALS_FILE,
  parseTypeBundle,
  type TypeBundle,
} from '../../../src/typecheck/type-bundle.ts';

let bundle: TypeBundle;

// Built once, then kept on disk: emitting src/lib's declarations takes seconds, on a busy machine a minute.
beforeAll(() => {
  bundle = loadTypeBundle();
}, 300_000);

describe('loadTypeBundle', () => {
  it('holds an entry for every yieldbook module a cell can import, and the globals', () => {
    const entries = Object.keys(CELL_MODULES)
      .filter((specifier) => specifier.startsWith('yieldbook/'))
      .map((specifier) => `/yb/lib/${specifier.slice('yieldbook/'.length)}/index.d.ts`);
    for (const entry of entries) expect(bundle.files).toHaveProperty([entry]);
    expect(bundle.files[GLOBALS_FILE]).toContain('var display: typeof Display;');
  });

  it('holds the SDK with its package.json, the page libs, and nothing for Node', () => {
    const paths = Object.keys(bundle.files);
    expect(JSON.parse(bundle.files['/node_modules/openai/package.json'] ?? '{}')).toMatchObject({
      name: 'openai',
    });
    expect(paths).toContain('/node_modules/openai/index.d.mts');
    expect(paths).toContain('/lib.es2025.d.ts');
    expect(paths).toContain('/lib.webworker.d.ts');
    expect(paths).not.toContain('/lib.dom.d.ts');
    expect(paths.filter((path) => /@types\/node|undici/.test(path))).toEqual([]);
  });

  it('keeps the doc comments of the chat client and drops the reference of other endpoints', () => {
    const chat = bundle.files['/node_modules/openai/resources/chat/completions/completions.d.mts'];
    const usage = bundle.files['/node_modules/openai/resources/admin/organization/usage.d.mts'];
    expect(chat).toContain('/**');
    expect(usage).toBeDefined();
    expect(usage).not.toContain('/**');
  });

  it('is what the page reads back', () => {
    expect(parseTypeBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
  });
});
