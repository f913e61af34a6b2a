import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { Fifo } from '../../../../src/lib/parallel/fifo.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A full collection once the current task is over (a WeakRef keeps its target until then). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
  return ref.deref() === undefined;
}

describe('Fifo', () => {
  test('keeps order through shift, unshift, remove and drain', () => {
    const queue = new Fifo<number>();
    for (let item = 0; item < 5; item += 1) queue.push(item);
    expect(queue.shift()).toBe(0);
    queue.unshift(-2, -1);
    expect(queue.remove(3)).toBe(true);
    expect(queue.remove(9)).toBe(false);
    expect(queue.peek()).toBe(-2);
    expect(queue.length).toBe(5);
    expect(queue.drain()).toEqual([-2, -1, 1, 2, 4]);
    expect(queue.shift()).toBeUndefined();
  });

  test('an item shifted out is no longer held by the queue', async () => {
    const queue = new Fifo<object>();
    let item: object | null = { results: new Array(1000).fill(1) };
    const ref = new WeakRef(item);
    queue.push(item);
    queue.push({});
    item = null;
    queue.shift();
    expect(await collected(ref)).toBe(true);
    expect(queue.length).toBe(1);
  });
});
