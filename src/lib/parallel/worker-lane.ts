import { hasSharedMemory } from '../../core/environment.ts';
import { encodeShared } from '../shared/revive.ts';
import type { Job } from './job.ts';
import { CLAIM_SLOTS, type PoolReply, STOLEN } from './protocol.ts';
import type { WorkerFactory, WorkerHandle } from './worker-factory.ts';

/**
 * What a lane tells its pool. Each is called once the lane has let go of the
 * jobs it names, so the pool may settle or queue them again.
 */
export interface LaneEvents {
  /** The worker answered `job`: `done` or `failed`. */
  answered(lane: WorkerLane, job: Job, reply: PoolReply): void;
  /** `job` could not be posted to the worker (its arguments do not clone). */
  unsendable(lane: WorkerLane, job: Job, error: TypeError): void;
  /**
   * The worker stopped, or could not start, while holding jobs: `running` was
   * running, `waiting` never started. The lane starts a new worker for its next job.
   */
  died(lane: WorkerLane, running: Job | undefined, waiting: Job[], reason: string): void;
  /** An aborted task did not stop within the grace period: the worker was stopped; `waiting` never started. */
  replaced(lane: WorkerLane, waiting: Job[]): void;
}

/** What a lane needs from its pool. */
export interface LaneOptions {
  /** The lane's number in its pool, passed to `createWorker` and shown in the timeline. */
  index: number;
  createWorker: WorkerFactory;
  /** How long an aborted running task may take to stop before its worker is replaced. */
  abortGraceMs: number;
  events: LaneEvents;
}

/**
 * One worker of a pool and the messages posted to it that have not been
 * answered yet, oldest (the running one) first. The lane starts its worker
 * with the first message, asks a running task to stop through the abort flag
 * and replaces the worker when it does not, and ignores late events of a
 * worker it has replaced. Which message goes to which lane is the pool's call.
 */
export class WorkerLane {
  readonly index: number;
  readonly #createWorker: WorkerFactory;
  readonly #grace: number;
  readonly #events: LaneEvents;
  #handle: Promise<WorkerHandle> | null = null;
  /** The worker once started, for posting without waiting on `#handle`. */
  #ready: WorkerHandle | null = null;
  /** Messages dispatched while the worker starts, not posted yet. */
  #waitingPosts = 0;
  readonly #jobs: Job[] = [];
  /** Bumped each time the worker is replaced, so late events of an old worker are ignored. */
  #generation = 0;
  /** The shared flags (see `PoolRequest`'s `init`): the abort flag, then the claim slots. */
  #flag: Int32Array | null = null;
  /** The claim slot of each posted message. */
  readonly #claimOf = new Map<Job, number>();
  /** Counts posted messages, to use the claim slots in turn. */
  #posted = 0;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LaneOptions) {
    this.index = options.index;
    this.#createWorker = options.createWorker;
    this.#grace = options.abortGraceMs;
    this.#events = options.events;
  }

  /** Whether the lane's worker is started (or starting). */
  get started(): boolean {
    return this.#handle !== null;
  }

  /** How many messages the worker holds: the running one and those behind it. */
  get load(): number {
    return this.#jobs.length;
  }

  /** Whether `job` was posted to this lane and not answered yet. */
  holds(job: Job): boolean {
    return this.#jobs.includes(job);
  }

  /** Posts `job` to the worker, starting it first when needed. */
  dispatch(job: Job): void {
    this.#jobs.push(job);
    // A started worker gets the message now: waiting a microtask per message
    // for a promise that resolved long ago is measurable on tiny tasks.
    if (this.#ready) {
      this.#post(this.#ready, job);
      return;
    }
    this.#handle ??= this.#start();
    const generation = this.#generation;
    this.#waitingPosts += 1;
    this.#handle.then(
      (handle) => {
        if (this.#generation !== generation) return;
        // The last message queued while the worker started posts, in order, before `#ready` lets later ones post at once.
        this.#waitingPosts -= 1;
        if (this.#waitingPosts === 0) this.#ready = handle;
        if (this.#jobs.includes(job)) this.#post(handle, job);
      },
      (error: unknown) => this.#died(generation, `it could not start: ${String(error)}`),
    );
  }

  /**
   * Takes back the oldest message the worker holds but has not started, so an
   * idle worker can run it instead; undefined when there is none. The worker
   * skips a message taken back (its claim slot says so).
   */
  steal(): Job | undefined {
    const flags = this.#flag;
    if (!flags) return undefined;
    for (let index = 1; index < this.#jobs.length; index += 1) {
      const job = this.#jobs[index] as Job;
      const slot = this.#claimOf.get(job);
      if (slot === undefined) continue;
      if (Atomics.compareExchange(flags, slot, 0, STOLEN) === 0) {
        this.#jobs.splice(index, 1);
        this.#claimOf.delete(job);
        return job;
      }
    }
    return undefined;
  }

  #post(handle: WorkerHandle, job: Job): void {
    const { batch } = job;
    let claim = 0;
    if (this.#flag) {
      // A slot comes round again only after CLAIM_SLOTS more messages, long after its worker passed it.
      claim = 1 + (this.#posted % CLAIM_SLOTS);
      this.#posted += 1;
      Atomics.store(this.#flag, claim, 0);
      this.#claimOf.set(job, claim);
    }
    const args = encodeShared(batch.args) as unknown[];
    const shared = args !== batch.args;
    try {
      handle.postMessage(
        {
          type: 'run',
          id: job.id,
          batch: shared ? { ...batch, args } : batch,
          shared,
          claim,
        },
        job.transfer,
      );
    } catch (error) {
      this.#jobs.splice(this.#jobs.indexOf(job), 1);
      this.#claimOf.delete(job);
      this.#events.unsendable(
        this,
        job,
        new TypeError(
          `Cannot send the arguments of \`${job.label}\` to a worker: ${
            error instanceof Error ? error.message : String(error)
          }. Only structured-cloneable values cross (no functions; class instances arrive as plain objects).`,
        ),
      );
    }
  }

  /**
   * When the task the worker runs now was aborted: ask it to stop at its next
   * tick (the abort flag), and replace the worker if it has not answered
   * within the grace period. Messages waiting behind it go back to the pool.
   */
  stopAborted(): void {
    const running = this.#jobs[0];
    if (!running?.settled || this.#graceTimer !== undefined) return;
    if (this.#flag) Atomics.store(this.#flag, 0, running.id);
    this.#graceTimer = setTimeout(() => {
      this.#graceTimer = undefined;
      if (this.#jobs[0] !== running) return;
      const waiting = this.#jobs.splice(0).filter((job) => !job.settled);
      this.stop();
      this.#events.replaced(this, waiting);
    }, this.#grace);
  }

  /** Lets go of every message the lane holds, the running one first. */
  release(): Job[] {
    this.#claimOf.clear();
    return this.#jobs.splice(0);
  }

  /** Terminates the worker, if any; the next `dispatch` starts a new one. */
  stop(): void {
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    const handle = this.#handle;
    this.#handle = null;
    this.#ready = null;
    this.#waitingPosts = 0;
    this.#claimOf.clear();
    this.#generation += 1;
    handle?.then(
      (worker) => worker.terminate(),
      () => {},
    );
  }

  #start(): Promise<WorkerHandle> {
    const generation = this.#generation;
    const flag = hasSharedMemory()
      ? new Int32Array(new SharedArrayBuffer(4 * (1 + CLAIM_SLOTS)))
      : null;
    this.#flag = flag;
    return Promise.resolve(
      this.#createWorker(this.index, {
        message: (reply) => this.#reply(generation, reply),
        died: (reason) => this.#died(generation, reason),
      }),
    ).then((handle) => {
      handle.postMessage({
        type: 'init',
        lane: this.index,
        abortFlag: (flag?.buffer as SharedArrayBuffer | undefined) ?? null,
      });
      return handle;
    });
  }

  #reply(generation: number, reply: PoolReply): void {
    if (this.#generation !== generation) return;
    const index = this.#jobs.findIndex((candidate) => candidate.id === reply.id);
    if (index < 0) return;
    const [job] = this.#jobs.splice(index, 1) as [Job];
    this.#claimOf.delete(job);
    if (this.#flag && Atomics.load(this.#flag, 0) === job.id) {
      clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
      Atomics.store(this.#flag, 0, 0);
    }
    this.#events.answered(this, job, reply);
  }

  #died(generation: number, reason: string): void {
    if (this.#generation !== generation) return;
    const [running, ...waiting] = this.#jobs.splice(0);
    this.stop();
    this.#events.died(this, running, waiting, reason);
  }
}
