import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startDeadline } from '../../../../src/server/llm/deadline.ts';
import { type Clock, systemClock } from '../../../../src/server/llm/types.ts';
import { FakeClock } from './support.ts';

/** Whether `promise` has settled by the next turns of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await wait(0);
  await wait(0);
  return done;
}

const clocks: Record<string, () => { clock: Clock; pass: (ms: number) => Promise<void> }> = {
  'the system clock': () => ({ clock: systemClock, pass: (ms) => wait(ms + 5) }),
  'a fake clock': () => {
    const clock = new FakeClock();
    return { clock, pass: async (ms) => clock.advance(ms) };
  },
};

describe('deadlines', () => {
  for (const [name, make] of Object.entries(clocks)) {
    it(`${name}: rejects with the error onExpire names once the time is up`, async () => {
      const { clock, pass } = make();
      const error = new Error('too late');
      const deadline = startDeadline(clock, 10, () => error);
      const outcome = deadline.expired.catch((reason: unknown) => reason);
      await pass(10);
      expect(await outcome).toBe(error);
    });

    it(`${name}: never settles, nor asks onExpire, once cancelled`, async () => {
      const { clock, pass } = make();
      let asked = 0;
      const deadline = startDeadline(clock, 10, () => {
        asked += 1;
        return new Error('too late');
      });
      deadline.cancel();
      await pass(20);
      expect(await settled(deadline.expired)).toBe(false);
      expect(asked).toBe(0);
    });
  }
});
