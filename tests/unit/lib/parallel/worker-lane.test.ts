import { describe, expect, test } from 'vitest';
import type { Job } from '../../../../src/lib/parallel/job.ts';
import type { PoolReply, PoolRequest } from '../../../../src/lib/parallel/protocol.ts';
import type { WorkerEvents, WorkerFactory } from '../../../../src/lib/parallel/worker-factory.ts';
import { type LaneEvents, WorkerLane } from '../../../../src/lib/parallel/worker-lane.ts';

/** A worker factory whose workers only record what they are sent. */
function fakeWorkers() {
  const started: { events: WorkerEvents; sent: PoolRequest[]; terminated: boolean }[] = [];
  const factory: WorkerFactory = (_lane, events) => {
    const worker = { events, sent: [] as PoolRequest[], terminated: false };
    started.push(worker);
    return {
      postMessage: (message) => worker.sent.push(message),
      terminate: () => {
        worker.terminated = true;
      },
    };
  };
  return { started, factory };
}

function job(id: number): Job {
  return {
    id,
    batch: {
      tasks: [{ kind: 'source', name: `task${id}`, source: '() => 1' }],
      which: null,
      args: [[]],
    },
    label: `task${id}`,
    ahead: false,
    transfer: [],
    signal: undefined,
    onAbort: undefined,
    settled: false,
    resolve() {},
    reject() {},
  };
}

function recordingEvents() {
  const seen: string[] = [];
  const events: LaneEvents = {
    answered: (_lane, answered, reply) => seen.push(`answered ${answered.id} ${reply.type}`),
    unsendable: (_lane, refused) => seen.push(`unsendable ${refused.id}`),
    died: (_lane, running, waiting, reason) =>
      seen.push(`died ${running?.id} [${waiting.map((w) => w.id)}] ${reason}`),
    replaced: (_lane, waiting) => seen.push(`replaced [${waiting.map((w) => w.id)}]`),
  };
  return { seen, events };
}

const done = (id: number): PoolReply => ({ type: 'done', id, values: [1], started: 0, ended: 1 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkerLane', () => {
  test('starts its worker with the first message: init, then run', async () => {
    const { started, factory } = fakeWorkers();
    const { events } = recordingEvents();
    const lane = new WorkerLane({ index: 3, createWorker: factory, abortGraceMs: 10, events });
    expect(lane.started).toBe(false);
    lane.dispatch(job(1));
    lane.dispatch(job(2));
    await settle();
    expect(started).toHaveLength(1);
    expect(started[0]?.sent.map((message) => message.type)).toEqual(['init', 'run', 'run']);
    expect(started[0]?.sent[0]).toMatchObject({ type: 'init', lane: 3 });
    expect(lane.load).toBe(2);
  });

  test('hands each answer back and lets go of the job', async () => {
    const { started, factory } = fakeWorkers();
    const { seen, events } = recordingEvents();
    const lane = new WorkerLane({ index: 0, createWorker: factory, abortGraceMs: 10, events });
    const first = job(1);
    lane.dispatch(first);
    await settle();
    started[0]?.events.message(done(1));
    expect(seen).toEqual(['answered 1 done']);
    expect(lane.holds(first)).toBe(false);
    expect(lane.load).toBe(0);
  });

  test('a dead worker gives back its running and waiting jobs; its late replies are ignored', async () => {
    const { started, factory } = fakeWorkers();
    const { seen, events } = recordingEvents();
    const lane = new WorkerLane({ index: 0, createWorker: factory, abortGraceMs: 10, events });
    lane.dispatch(job(1));
    lane.dispatch(job(2));
    await settle();
    const dead = started[0];
    dead?.events.died('it exited');
    await settle();
    expect(seen).toEqual(['died 1 [2] it exited']);
    expect(dead?.terminated).toBe(true);
    expect(lane.started).toBe(false);
    dead?.events.message(done(1));
    expect(seen).toHaveLength(1);
    lane.dispatch(job(3));
    await settle();
    expect(started).toHaveLength(2);
  });

  test('arguments that do not clone are reported, not posted', async () => {
    const { seen, events } = recordingEvents();
    const factory: WorkerFactory = () => ({
      postMessage(message) {
        if (message.type === 'run') throw new Error('could not be cloned');
      },
      terminate() {},
    });
    const lane = new WorkerLane({ index: 0, createWorker: factory, abortGraceMs: 10, events });
    lane.dispatch(job(1));
    await settle();
    expect(seen).toEqual(['unsendable 1']);
    expect(lane.load).toBe(0);
  });
});
