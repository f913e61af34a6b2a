import { describe, expect, it, vi } from 'vitest';
import { createIdleHold, type IdleScheduler } from '../../../src/components/idle-hold.ts';

/** A scheduler whose own `requestIdleCallback` only records what it was given. */
function fakeScheduler() {
  const scheduled: IdleRequestCallback[] = [];
  const scheduler: IdleScheduler = {
    requestIdleCallback: (callback) => scheduled.push(callback),
  };
  return { scheduler, own: scheduler.requestIdleCallback, scheduled };
}

/** A promise with its resolve, to finish a held callback when the test says so. */
function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('createIdleHold', () => {
  it('keeps the first idle callback while open and runs it on release', async () => {
    const { scheduler, own, scheduled } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    const load = vi.fn();
    hold.open();
    scheduler.requestIdleCallback?.(load);
    hold.close();
    expect(scheduled).toEqual([]);
    expect(scheduler.requestIdleCallback).toBe(own);
    await Promise.resolve();
    expect(load).not.toHaveBeenCalled();

    await hold.release();
    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0]?.[0]).toMatchObject({ didTimeout: false });
  });

  it('lets calls before open and after the first one through', () => {
    const { scheduler, scheduled } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    const before = () => {};
    const held = () => {};
    const after = () => {};
    scheduler.requestIdleCallback?.(before);
    hold.open();
    scheduler.requestIdleCallback?.(held);
    scheduler.requestIdleCallback?.(after);
    hold.close();
    expect(scheduled).toEqual([before, after]);
  });

  it('resolves release when the held callback has settled, and runs it once', async () => {
    const { scheduler } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    const work = deferred();
    let runs = 0;
    hold.open();
    scheduler.requestIdleCallback?.(() => {
      runs += 1;
      return work.promise;
    });
    hold.close();

    let done = false;
    const released = hold.release().then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done).toBe(false);
    work.resolve();
    await released;
    await hold.release();
    expect(runs).toBe(1);
  });

  it('runs the callback as soon as it comes when release came first', async () => {
    const { scheduler } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    const load = vi.fn();
    hold.open();
    const released = hold.release();
    await Promise.resolve();
    expect(load).not.toHaveBeenCalled();
    scheduler.requestIdleCallback?.(load);
    await released;
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('resolves release at once when the hold closed empty', async () => {
    const { scheduler, own } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    hold.open();
    hold.close();
    expect(scheduler.requestIdleCallback).toBe(own);
    await expect(hold.release()).resolves.toBeUndefined();
  });

  it('rejects release with the error of a failing callback', async () => {
    const { scheduler } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    hold.open();
    scheduler.requestIdleCallback?.(() => Promise.reject(new Error('chunk failed')));
    await expect(hold.release()).rejects.toThrow('chunk failed');
  });

  it('removes its stand-in where the scheduler has no requestIdleCallback', async () => {
    const scheduler: IdleScheduler = {};
    const hold = createIdleHold(scheduler);
    const load = vi.fn();
    hold.open();
    expect(typeof scheduler.requestIdleCallback).toBe('function');
    scheduler.requestIdleCallback?.(load);
    expect('requestIdleCallback' in scheduler).toBe(false);
    await hold.release();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does nothing before open and opens only once', () => {
    const { scheduler, own, scheduled } = fakeScheduler();
    const hold = createIdleHold(scheduler);
    hold.close();
    expect(scheduler.requestIdleCallback).toBe(own);
    hold.open();
    hold.close();
    hold.open();
    const later = () => {};
    scheduler.requestIdleCallback?.(later);
    expect(scheduled).toEqual([later]);
  });
});
