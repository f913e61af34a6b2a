import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '../../../src/notebook/kernel-client.ts';
import {
  type CellDiagnostic,
  LANGUAGE_PROTOCOL_VERSION,
  type LanguageEvent,
  type LanguageRequest,
} from '../../../src/notebook/language/protocol.ts';
import { LanguageClient } from '../../../src/notebook/language-client.ts';

/** A worker that records what the page sent and lets the test answer. */
class FakeWorker implements WorkerLike {
  readonly sent: LanguageRequest[] = [];
  terminated = false;
  readonly #listeners: Array<(event: MessageEvent) => void> = [];
  readonly #errors: Array<(event: ErrorEvent) => void> = [];

  postMessage(message: unknown): void {
    this.sent.push(message as LanguageRequest);
  }

  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    if (type === 'message') this.#listeners.push(listener as (event: MessageEvent) => void);
    else this.#errors.push(listener as (event: ErrorEvent) => void);
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(event: LanguageEvent): void {
    for (const listener of this.#listeners) listener({ data: event } as MessageEvent);
  }

  fail(message: string): void {
    for (const listener of this.#errors) listener({ message } as ErrorEvent);
  }
}

const diagnostic: CellDiagnostic = {
  from: 0,
  to: 1,
  line: 1,
  code: 2322,
  severity: 'error',
  message: 'Not assignable.',
};

function setup() {
  const worker = new FakeWorker();
  const client = new LanguageClient({
    createWorker: () => worker,
    cells: [
      { id: 'a', code: 'const n = 1;' },
      { id: 'b', code: 'n;' },
    ],
    typeBundleUrl: '/_astro/type-bundle.0.gz',
  });
  worker.emit({ type: 'ready', protocol: LANGUAGE_PROTOCOL_VERSION });
  return { worker, client };
}

describe('LanguageClient', () => {
  it('sends every cell on start and each edit after', () => {
    const { worker, client } = setup();
    client.edit('b', 'n + 1;');
    expect(worker.sent).toEqual([
      { type: 'init', typeBundleUrl: '/_astro/type-bundle.0.gz' },
      {
        type: 'cells',
        cells: [
          { id: 'a', code: 'const n = 1;' },
          { id: 'b', code: 'n;' },
        ],
      },
      { type: 'edit', cellId: 'b', code: 'n + 1;' },
    ]);
  });

  it('passes on only diagnostics made from the texts the page has now', () => {
    const { worker, client } = setup();
    const seen: unknown[] = [];
    client.onDiagnostics((diagnostics) => seen.push(diagnostics));
    client.edit('a', 'const n: number = "x";');
    worker.emit({ type: 'diagnostics', version: 1, cells: { a: [diagnostic] }, remaining: 1 });
    expect(seen).toEqual([]);
    worker.emit({ type: 'diagnostics', version: 2, cells: { a: [diagnostic] }, remaining: 1 });
    worker.emit({ type: 'diagnostics', version: 2, cells: { b: [] }, remaining: 0 });
    expect(seen).toEqual([{ a: [diagnostic] }, { b: [] }]);
    expect(client.diagnostics).toEqual({ a: [diagnostic], b: [] });
  });

  it('answers a query with the reply of the same id', async () => {
    const { worker, client } = setup();
    const answer = client.query({ kind: 'quickInfo', cellId: 'a', at: 6 });
    const request = worker.sent.at(-1);
    if (request?.type !== 'query') throw new Error(`Expected a query, got ${request?.type}`);
    const info = { from: 6, to: 7, signature: 'const n: 1', documentation: '' };
    worker.emit({ type: 'reply', id: request.id, answer: info });
    expect(await answer).toEqual(info);
  });

  it('resolves pending and later queries with null once the worker fails', async () => {
    const { worker, client } = setup();
    const failures: string[] = [];
    client.onFailure((message) => failures.push(message));
    const pending = client.query({ kind: 'completions', cellId: 'a', at: 0, explicit: true });
    worker.fail('boom');
    expect(await pending).toBeNull();
    expect(await client.query({ kind: 'quickInfo', cellId: 'a', at: 0 })).toBeNull();
    expect(failures).toEqual(['The language service failed: boom']);
  });

  it('stops on a worker of another protocol version, saying to reload', () => {
    const worker = new FakeWorker();
    const client = new LanguageClient({
      createWorker: () => worker,
      cells: [],
      typeBundleUrl: '/t.gz',
    });
    worker.emit({ type: 'ready', protocol: LANGUAGE_PROTOCOL_VERSION + 1 });
    expect(client.failure).toBe(
      `Expected language protocol ${LANGUAGE_PROTOCOL_VERSION}, got ${LANGUAGE_PROTOCOL_VERSION + 1}: reload the page`,
    );
  });

  it('refuses options without a worker factory', () => {
    expect(() => new LanguageClient({ cells: [], typeBundleUrl: '/t.gz' } as never)).toThrow(
      'Expected `createWorker` to be a function, got undefined',
    );
  });
});
