/**
 * The first Run while the kernel starts: the page posts the cell right behind `init`,
 * without waiting for `ready`; a start that fails still fails the run.
 */
import { describe, expect, it } from 'vitest';
import { KernelClient, type WorkerLike } from '../../../src/notebook/kernel-client.ts';
import {
  type KernelEvent,
  type KernelRequest,
  PROTOCOL_VERSION,
} from '../../../src/notebook/protocol.ts';

/** A kernel worker that answers only when told: `ready`, and a run's `finished`. */
function slowWorker() {
  const received: KernelRequest[] = [];
  const listeners = {
    message: new Set<(event: MessageEvent) => void>(),
    error: new Set<(event: ErrorEvent) => void>(),
  };
  const send = (data: KernelEvent) => {
    for (const listener of listeners.message) listener({ data } as MessageEvent);
  };
  const worker: WorkerLike = {
    postMessage(message: unknown) {
      received.push(message as KernelRequest);
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      (listeners[type] as Set<(event: never) => void>).add(listener);
    },
    terminate() {},
  };
  return {
    worker,
    received,
    ready: (protocol = PROTOCOL_VERSION) =>
      send({ type: 'ready', protocol, crossOriginIsolated: false }),
    finish: (runId: number) => send({ type: 'finished', runId, status: 'done', durationMs: 1 }),
    fail: (message: string) => {
      for (const listener of listeners.error) listener({ message } as ErrorEvent);
    },
  };
}

const types = (requests: KernelRequest[]) => requests.map((request) => request.type);

/** A client on a fresh {@link slowWorker}, which starts it at the first run. */
function startingClient() {
  const fake = slowWorker();
  const client = new KernelClient({
    createWorker: () => fake.worker,
    origin: 'http://x',
    page: '/',
  });
  return { fake, client };
}

/** Answers the run the page posted behind `init` with `finished`. */
function finishFirstRun(fake: ReturnType<typeof slowWorker>): void {
  const run = fake.received[1];
  if (run?.type !== 'run') throw new Error('Expected a run request');
  fake.finish(run.runId);
}

/** Lets promise callbacks queued so far run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('KernelClient, first Run while the kernel starts', () => {
  it('posts the run right behind init, before ready comes back, and finishes it', async () => {
    const { fake, client } = startingClient();
    const outcome = client.run('a', '1', { onOutput: () => {} });
    await settle();
    expect(types(fake.received)).toEqual(['init', 'run']);
    expect(client.status).toBe('busy');

    fake.ready();
    finishFirstRun(fake);
    expect(await outcome).toEqual({ status: 'done', durationMs: 1 });
    expect(client.status).toBe('idle');
    client.close();
  });

  it('fails the run when the worker fails to start, as before', async () => {
    const { fake, client } = startingClient();
    const outcome = client.run('a', '1', { onOutput: () => {} });
    await settle();
    fake.fail('the worker script could not be loaded');
    await expect(outcome).rejects.toThrow(
      'The kernel failed: the worker script could not be loaded',
    );
    expect(client.status).toBe('failed');
  });

  it('fails the run when the kernel speaks another protocol', async () => {
    const { fake, client } = startingClient();
    const outcome = client.run('a', '1', { onOutput: () => {} });
    await settle();
    fake.ready(PROTOCOL_VERSION + 1);
    await expect(outcome).rejects.toThrow(`Expected kernel protocol ${PROTOCOL_VERSION}`);
  });

  it('starts the timeout of a run once the kernel is up, not while it starts', async () => {
    const { fake, client } = startingClient();
    const outcome = client.run('a', '1', { onOutput: () => {}, timeoutMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Still starting after three times the timeout: nothing was interrupted.
    expect(types(fake.received)).toEqual(['init', 'run']);
    fake.ready();
    finishFirstRun(fake);
    expect((await outcome).status).toBe('done');
    client.close();
  });
});

describe('KernelClient, in the page language', () => {
  it('says on a Japanese page why the kernel failed, and restarted', async () => {
    const fake = slowWorker();
    const client = new KernelClient({
      createWorker: () => fake.worker,
      origin: 'http://x',
      page: '/ja/lessons/generators/',
      lang: 'ja',
    });
    const reasons: string[] = [];
    client.onRestarted((reason) => reasons.push(reason));
    const outcome = client.run('a', '1', { onOutput: () => {} });
    await settle();
    fake.fail('the worker script could not be loaded');
    await expect(outcome).rejects.toThrow(
      'カーネルが停止しました: the worker script could not be loaded',
    );
    const restarted = client.restart();
    expect(reasons).toEqual(['カーネルを再起動しました。変数は失われました。']);
    fake.ready();
    await restarted;
    client.close();
  });

  it('refuses a language the site has not', () => {
    expect(
      () =>
        new KernelClient({
          createWorker: () => slowWorker().worker,
          origin: 'http://x',
          page: '/',
          lang: 'fr' as 'en',
        }),
    ).toThrow('Expected `lang` to be one of en, ja, got fr');
  });
});
