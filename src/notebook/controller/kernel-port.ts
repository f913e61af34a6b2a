import type { OutputItem, RunStatus, SerializedError } from '../protocol.ts';

/** Status of the page's kernel, mirrored in `[data-kernel-status]`. */
export type KernelStatus = 'off' | 'starting' | 'idle' | 'busy' | 'restarting' | 'failed';

/** Options of one run, as `KernelClient.run` takes them. */
export interface RunOptions {
  onStarted?(executionCount: number): void;
  onOutput(items: OutputItem[]): void;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** How a run ended. */
export interface RunOutcome {
  status: RunStatus;
  durationMs: number;
  error?: SerializedError;
}

/**
 * The part of `KernelClient` (src/notebook/kernel-client.ts) the controller
 * uses. Typed here so the queue can be driven by a fake in tests.
 */
export interface KernelPort {
  start(): Promise<void>;
  run(cellId: string, code: string, options: RunOptions): Promise<RunOutcome>;
  interrupt(): Promise<'stopped' | 'restarted' | 'idle'>;
  restart(): Promise<void>;
  close(): void;
  readonly status: KernelStatus;
  onStatus(listener: (status: KernelStatus) => void): () => void;
  onRestarted(listener: (reason: string) => void): () => void;
}
