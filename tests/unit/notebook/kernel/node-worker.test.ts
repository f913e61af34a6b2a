import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicFile } from '../../../../src/notebook/kernel/node-worker.ts';
import type { KernelClient } from '../../../../src/notebook/kernel-client.ts';
import { createClient, runCell } from './harness.ts';

const PUBLIC = new URL('../../../../public/', import.meta.url);

describe('publicFile: the file of public/ a site URL names', () => {
  const root = { origin: 'http://127.0.0.1:4321', base: '/' };

  it('maps paths under the base to public/', () => {
    expect(publicFile(new URL('http://127.0.0.1:4321/workers/double.js'), root)).toEqual(
      new URL('workers/double.js', PUBLIC),
    );
    const project = { origin: 'https://example.org', base: '/course/' };
    expect(publicFile(new URL('https://example.org/course/workers/double.js'), project)).toEqual(
      new URL('workers/double.js', PUBLIC),
    );
  });

  it('refuses other origins, paths outside the base, and the folder itself', () => {
    expect(publicFile(new URL('http://elsewhere.test/workers/double.js'), root)).toEqual({
      refused:
        'http://elsewhere.test/workers/double.js is not a file of this site (http://127.0.0.1:4321/)',
    });
    const project = { origin: 'https://example.org', base: '/course/' };
    expect(publicFile(new URL('https://example.org/workers/double.js'), project)).toHaveProperty(
      'refused',
    );
    expect(publicFile(new URL('https://example.org/course/'), project)).toHaveProperty('refused');
    expect(
      publicFile(new URL('https://example.org/course/%2e%2e/package.json'), project),
    ).toHaveProperty('refused');
  });
});

describe('kernel in Node: a Worker for cells that start one by hand', () => {
  let client: KernelClient;

  beforeEach(async () => {
    client = createClient();
    await client.start();
  });

  afterEach(() => {
    client.close();
  });

  it('starts a file the site serves, exchanges messages, and stops it', async () => {
    const run = await runCell(
      client,
      'raw',
      [
        "import { siteFile } from 'yieldbook/parallel';",
        "const worker = new Worker(siteFile('workers/double.js'), { type: 'module' });",
        'const answers: number[] = [];',
        'const two = new Promise<void>((resolve) => {',
        '  worker.onmessage = () => answers.push(-1);',
        '  worker.onmessage = (event: MessageEvent<number>) => {',
        '    answers.push(event.data);',
        '    if (answers.length === 2) resolve();',
        '  };',
        '});',
        'worker.postMessage(21);',
        'worker.postMessage(50);',
        'await two;',
        'worker.terminate();',
        'console.log(answers);',
      ].join('\n'),
    );
    expect(run.status).toBe('done');
    expect(run.text).toBe('[ 42, 100 ]');
  });

  it('reports a script the site does not serve as an error event, like a browser', async () => {
    const run = await runCell(
      client,
      'missing',
      [
        "const worker = new Worker('/workers/missing.js', { type: 'module' });",
        'const message = await new Promise<string>((resolve) => {',
        '  worker.addEventListener("error", (event) => resolve((event as ErrorEvent).message));',
        '});',
        'console.log(message);',
      ].join('\n'),
    );
    expect(run.status).toBe('done');
    expect(run.text).toBe(
      'Failed to load the worker: /workers/missing.js is not served by this site (no such file in public/)',
    );
  });

  it('leaves the course library on its own threads', async () => {
    const run = await runCell(
      client,
      'pool',
      [
        "import { WorkerPool } from 'yieldbook/parallel';",
        'const pool = new WorkerPool({ maxWorkers: 1 });',
        'console.log(await pool.submit((n: number) => n + 1, 1));',
        'await pool.close();',
      ].join('\n'),
    );
    expect(run.status).toBe('done');
    expect(run.text).toBe('2');
  });
});
