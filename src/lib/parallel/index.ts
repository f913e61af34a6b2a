/**
 * `yieldbook/parallel`: real parallelism with workers. `WorkerPool` is the
 * analog of `concurrent.futures` / `multiprocessing.Pool`, `Parallel` and
 * `delayed` of joblib. Nothing starts until a pool gets work.
 */

export { siteFile } from '../llm/site.ts';
export { asCompleted } from './as-completed.ts';
export { cpuCount } from './cpu-count.ts';
export {
  PoolClosedError,
  PoolTerminatedError,
  ShippingError,
  WorkerDiedError,
} from './errors.ts';
export {
  type DelayedCall,
  delayed,
  effectiveNJobs,
  Parallel,
  type ParallelOptions,
  type ParallelStats,
  type ReturnAs,
} from './parallel.ts';
export { type CallOptions, type MapOptions, WorkerPool, type WorkerPoolOptions } from './pool.ts';
export { fromModule, type ModuleTask, type Task } from './task.ts';
export type { TimelineEntry } from './timeline.ts';
export type { WorkerEvents, WorkerFactory, WorkerHandle } from './worker-factory.ts';
