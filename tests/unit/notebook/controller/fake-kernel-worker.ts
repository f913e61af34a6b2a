/**
 * A kernel worker that answers the protocol at once, without a thread: `ready` to `init`,
 * and to each `run` a `started`, one line of output naming the cell, and `finished`.
 */
import type { StartedWorker } from '../../../../src/notebook/controller/kernel-worker.ts';
import type { WorkerLike } from '../../../../src/notebook/kernel-client.ts';
import {
  type KernelEvent,
  type KernelRequest,
  PROTOCOL_VERSION,
} from '../../../../src/notebook/protocol.ts';

/** The fake, with what the page sent it. */
export interface FakeKernelWorker extends WorkerLike {
  readonly received: KernelRequest[];
  /** Fires an `error` event, as a worker whose script failed to load does. */
  fail(message: string): void;
}

/** A new fake kernel worker. */
export function fakeKernelWorker(): FakeKernelWorker {
  const received: KernelRequest[] = [];
  const listeners = {
    message: new Set<(event: MessageEvent) => void>(),
    error: new Set<(event: ErrorEvent) => void>(),
  };
  const send = (data: KernelEvent) =>
    queueMicrotask(() => {
      for (const listener of listeners.message) listener({ data } as MessageEvent);
    });
  return {
    received,
    postMessage(message: unknown) {
      const request = message as KernelRequest;
      received.push(request);
      if (request.type === 'init') {
        send({ type: 'ready', protocol: PROTOCOL_VERSION, crossOriginIsolated: false });
      } else if (request.type === 'run') {
        const { runId } = request;
        send({ type: 'started', runId, executionCount: runId });
        send({
          type: 'output',
          runId,
          items: [{ kind: 'stream', stream: 'stdout', text: `ran ${request.cellId}\n` }],
        });
        send({ type: 'finished', runId, status: 'done', durationMs: 0 });
      }
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      (listeners[type] as Set<(event: never) => void>).add(listener);
    },
    terminate() {},
    fail(message: string) {
      for (const listener of listeners.error) listener({ message } as ErrorEvent);
    },
  };
}

/** A fake kernel worker as `startKernelWorker` returns one: no error fired yet. */
export function startedFake(fake: FakeKernelWorker): StartedWorker {
  return { worker: fake as unknown as Worker, errors: [] };
}
