// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createKernel } from '../../../../src/notebook/controller/create-kernel.ts';
import { type FakeKernelWorker, fakeKernelWorker, startedFake } from './fake-kernel-worker.ts';

const location = { origin: 'http://127.0.0.1:4321', pathname: '/lessons/generators/' };

describe('createKernel', () => {
  it('adopts the worker the page started, and starts fresh ones on restart', async () => {
    const started = fakeKernelWorker();
    const fresh: FakeKernelWorker[] = [];
    const kernel = createKernel(location, startedFake(started), () => {
      const worker = fakeKernelWorker();
      fresh.push(worker);
      return worker;
    });
    await kernel.start();
    expect(started.received.map((request) => request.type)).toEqual(['init']);
    expect(fresh).toHaveLength(0);
    await kernel.restart();
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.received.map((request) => request.type)).toEqual(['init']);
    kernel.close();
  });

  it('starts its own worker when the page started none', async () => {
    const fresh: FakeKernelWorker[] = [];
    const kernel = createKernel(location, undefined, () => {
      const worker = fakeKernelWorker();
      fresh.push(worker);
      return worker;
    });
    await kernel.start();
    expect(fresh).toHaveLength(1);
    kernel.close();
  });
});
