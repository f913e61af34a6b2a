import { describe, expect, test } from 'vitest';
import {
  CLAIM_SLOTS,
  CLAIMED,
  type PoolReply,
  type PoolRequest,
  STOLEN,
} from '../../../../src/lib/parallel/protocol.ts';
import { serveTasks, type TaskPort } from '../../../../src/lib/parallel/worker-runtime.ts';

/** A worker's side of the channel, in this thread: requests go in, replies are recorded. */
function fakeWorker() {
  const replies: PoolReply[] = [];
  let listener: ((event: { data: PoolRequest }) => void) | undefined;
  const port: TaskPort = {
    postMessage: (reply) => replies.push(reply),
    addEventListener: (_type, received) => {
      listener = received;
    },
  };
  serveTasks(port);
  const flags = new Int32Array(new SharedArrayBuffer(4 * (1 + CLAIM_SLOTS)));
  const send = (data: PoolRequest) => listener?.({ data });
  send({ type: 'init', lane: 0, abortFlag: flags.buffer as SharedArrayBuffer });
  return { replies, flags, send };
}

const double = { kind: 'source', source: '(x) => x * 2', name: 'double' } as const;

describe('serveTasks', () => {
  test('claims each message before running it and skips one the pool took back', () => {
    const { replies, flags, send } = fakeWorker();
    Atomics.store(flags, 2, STOLEN);
    send({
      type: 'run',
      id: 1,
      batch: { tasks: [double], which: null, args: [[1]] },
      shared: false,
      claim: 1,
    });
    send({
      type: 'run',
      id: 2,
      batch: { tasks: [double], which: null, args: [[2]] },
      shared: false,
      claim: 2,
    });
    send({
      type: 'run',
      id: 3,
      batch: { tasks: [double], which: null, args: [[3]] },
      shared: false,
      claim: 3,
    });
    expect(replies.map((reply) => reply.id)).toEqual([1, 3]);
    expect(replies.map((reply) => (reply.type === 'done' ? reply.values : null))).toEqual([
      [2],
      [6],
    ]);
    expect(Atomics.load(flags, 1)).toBe(CLAIMED);
    expect(Atomics.load(flags, 2)).toBe(STOLEN);
    expect(Atomics.load(flags, 3)).toBe(CLAIMED);
  });

  test('a batch mixing tasks calls each with its own arguments', () => {
    const { replies, send } = fakeWorker();
    const negate = { kind: 'source', source: '(x) => -x', name: 'negate' } as const;
    send({
      type: 'run',
      id: 1,
      batch: { tasks: [double, negate], which: [0, 1, 1, 0], args: [[1], [2], [3], [4]] },
      shared: false,
      claim: 0,
    });
    expect(replies).toMatchObject([{ type: 'done', id: 1, values: [2, -2, -3, 8] }]);
  });

  test('a unary batch passes each value as the one argument, arrays included', () => {
    const { replies, send } = fakeWorker();
    const show = {
      kind: 'source',
      source: '(...all) => all.length + ":" + JSON.stringify(all[0])',
      name: 'show',
    } as const;
    send({
      type: 'run',
      id: 1,
      batch: { tasks: [show], which: null, args: [[1, 2], 3, []], unary: true },
      shared: false,
      claim: 0,
    });
    expect(replies).toMatchObject([{ type: 'done', id: 1, values: ['1:[1,2]', '1:3', '1:[]'] }]);
  });
});
