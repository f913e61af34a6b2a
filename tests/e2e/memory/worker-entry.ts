/** The test worker: runs what the page asks in a dedicated worker, where OPFS has sync access handles. */
import { hammer, runContract } from './browser-contract.ts';

type Request =
  | { type: 'contract'; kind: 'opfs' | 'indexeddb' }
  | { type: 'hammer'; location: string; fill: number; times: number };

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  const work =
    request.type === 'contract'
      ? runContract(request.kind)
      : hammer(request.location, request.fill, request.times).then(() => 'done');
  work.then(
    (result) => self.postMessage({ ok: true, result }),
    (error: unknown) => self.postMessage({ ok: false, error: String(error) }),
  );
});
