/** The test page's script: exposes the contract for the page realm and for workers. */
import { readRaced, runContract } from './browser-contract.ts';

function inWorker(message: unknown): Promise<unknown> {
  const worker = new Worker('./worker.js', { type: 'module' });
  return new Promise((done, fail) => {
    worker.addEventListener(
      'message',
      (event: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => {
        worker.terminate();
        if (event.data.ok) done(event.data.result);
        else fail(new Error(event.data.error));
      },
    );
    worker.addEventListener('error', (event) => fail(new Error(event.message)));
    worker.postMessage(message);
  });
}

Object.assign(globalThis, {
  memoryTests: {
    runContract,
    readRaced,
    contractInWorker: (kind: 'opfs' | 'indexeddb') => inWorker({ type: 'contract', kind }),
    hammerInWorker: (location: string, fill: number, times: number) =>
      inWorker({ type: 'hammer', location, fill, times }),
  },
});
