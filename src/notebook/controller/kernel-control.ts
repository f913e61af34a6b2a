import type { KernelHealth, KernelStatus, RunOptions, RunOutcome } from '../kernel-client.ts';

export type { KernelHealth, KernelStatus, RunOptions, RunOutcome };

/**
 * The part of `KernelClient` the controller uses. Typed here so the queue can
 * be driven by a fake in tests; the import is type-only, so the client's code
 * stays out of the page's first bundle.
 */
export interface KernelControl {
  start(): Promise<void>;
  run(cellId: string, code: string, options: RunOptions): Promise<RunOutcome>;
  interrupt(): Promise<'stopped' | 'restarted' | 'idle'>;
  restart(): Promise<void>;
  close(): void;
  readonly status: KernelStatus;
  onStatus(listener: (status: KernelStatus) => void): () => void;
  onRestarted(listener: (reason: string) => void): () => void;
  /** The heartbeat's findings while a cell runs (see `KernelHealth`). */
  onHealth(listener: (health: KernelHealth) => void): () => void;
}
