import type { Batch } from './protocol.ts';

/** One message's worth of calls, from the moment it is queued until it settles. */
export interface Job {
  readonly id: number;
  readonly batch: Batch;
  /** The first task's name, for errors and the timeline. */
  readonly label: string;
  /** Whether the message may wait on a busy worker (see `messagesPerWorker`). */
  readonly ahead: boolean;
  readonly transfer: Transferable[];
  readonly signal: AbortSignal | undefined;
  /** The listener on `signal`, when the job has one of its own (not a map's shared one). */
  onAbort: (() => void) | undefined;
  settled: boolean;
  resolve(values: unknown[]): void;
  reject(reason: unknown): void;
}

/** Settles `job` once: with `values` when given, else rejected with `error`. */
export function settleJob(job: Job, error: unknown, values?: unknown[]): void {
  if (job.settled) return;
  job.settled = true;
  if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
  if (values) job.resolve(values);
  else job.reject(error);
}
