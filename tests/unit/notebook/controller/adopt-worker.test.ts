import { describe, expect, it } from 'vitest';
import {
  adoptKernelWorker,
  type RawWorker,
} from '../../../../src/notebook/controller/adopt-worker.ts';

/** A worker that only keeps listeners, so a test can fire events at them. */
class ListenerWorker extends EventTarget implements RawWorker {
  readonly posted: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('adoptKernelWorker', () => {
  it('hands the errors fired before anyone listened to the first error listener, once', () => {
    const raw = new ListenerWorker();
    const early = new Event('error');
    const worker = adoptKernelWorker({ worker: raw, errors: [early] });
    const first: Event[] = [];
    const second: Event[] = [];
    worker.addEventListener('error', (event) => first.push(event));
    worker.addEventListener('error', (event) => second.push(event));
    expect(first).toEqual([early]);
    expect(second).toEqual([]);
    const late = new Event('error');
    raw.dispatchEvent(late);
    expect(first).toEqual([early, late]);
    expect(second).toEqual([late]);
  });

  it('passes messages, posts and terminate through', () => {
    const raw = new ListenerWorker();
    const worker = adoptKernelWorker({ worker: raw, errors: [] });
    const seen: unknown[] = [];
    worker.addEventListener('message', (event) => seen.push(event.data));
    raw.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } }));
    worker.postMessage({ type: 'init' });
    worker.terminate();
    expect(seen).toEqual([{ type: 'ready' }]);
    expect(raw.posted).toEqual([{ type: 'init' }]);
    expect(raw.terminated).toBe(true);
  });
});
