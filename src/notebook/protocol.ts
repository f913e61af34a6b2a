/**
 * The one message protocol between the notebook controller (the page) and the
 * kernel worker. Nothing else crosses that `postMessage` boundary.
 *
 * Flow: the controller sends `init`, waits for `ready`, then sends one `run` at a
 * time and waits for its `finished` (`started` comes once the cell is compiled and
 * its own code is about to run). While a run goes on, the page sends `ping` every
 * second or so; a kernel that answers no `pong` is stuck or gone (see `KernelClient`). Output arrives in batches (`output`) while a
 * run is going and also after it finished (timers, promises settling later);
 * `runId` says which cell it belongs to.
 */

import type { OutputItem } from '../core/output-item.ts';
import type { SerializedError } from '../core/serialized-error.ts';
import type { PrebuiltCell } from './transform/prebuilt.ts';

/** Bumped whenever a message shape changes, so a stale cached worker is noticed. */
export const PROTOCOL_VERSION = 2;

/** Status of a cell, mirrored in the `data-cell-status` attribute. */
export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'interrupted';

/** Final status of one run. */
export type RunStatus = 'done' | 'error' | 'interrupted';

/**
 * Layout of the shared interrupt buffer (an `Int32Array` over a
 * `SharedArrayBuffer` of `INTERRUPT_BUFFER_BYTES`).
 * Slot `INTERRUPT_SLOT` holds the `runId` the page wants stopped (0: none).
 * The kernel compares it with the running `runId`, so a late request can
 * never stop the next cell. Slot `PROGRESS_SLOT` counts the kernel's interrupt
 * checks (loop iterations, resumptions, awaits of cell code): when a `ping` goes
 * unanswered, a count that still moves means a busy cell, not a lost kernel.
 */
export const INTERRUPT_BUFFER_BYTES = 8;
export const INTERRUPT_SLOT = 0;
export const PROGRESS_SLOT = 1;

/** Page → kernel. */
export type KernelRequest =
  | {
      type: 'init';
      /** Shared interrupt flag; null when the page is not cross-origin isolated. */
      interruptBuffer: SharedArrayBuffer | null;
      /** Absolute origin of the site (for the LLM proxy's base URL). */
      origin: string;
      /** The site's base path, `/` or `/<repo>/` (the proxy lives under it). */
      base: string;
      /** The reader's classroom access token, or null when signed out. */
      token: string | null;
      /** Path of the lesson page, for messages and storage keys. */
      page: string;
      /** Maximum characters of output kept per cell before dropping. */
      outputCap: number;
    }
  | {
      type: 'run';
      runId: number;
      cellId: string;
      /** The cell's TypeScript. */
      code: string;
      /**
       * `code` compiled at build time; the kernel then skips the transformer (and never
       * loads it for a lesson run as written). Only sent when it compiles exactly `code`.
       */
      prebuilt?: PrebuiltCell;
    }
  /** The reader signed in or out (in this page or another tab): the token cells send from now on. */
  | { type: 'access'; token: string | null }
  /**
   * Stop the given run (or, with null, cancel pending timers of every cell).
   * Sent alongside the shared flag: the flag stops busy loops, this message
   * rejects pending awaits.
   */
  | { type: 'interrupt'; runId: number | null }
  /** Heartbeat: the kernel answers `pong` with the same id as soon as its event loop is free. */
  | { type: 'ping'; id: number };

/** Kernel → page. */
export type KernelEvent =
  | { type: 'ready'; protocol: number; crossOriginIsolated: boolean }
  | { type: 'started'; runId: number; executionCount: number }
  | { type: 'output'; runId: number; items: OutputItem[] }
  | {
      type: 'finished';
      runId: number;
      status: RunStatus;
      durationMs: number;
      error?: SerializedError;
    }
  /** Something went wrong in the kernel itself, not in a cell. */
  | { type: 'fatal'; error: SerializedError }
  | { type: 'pong'; id: number }
  /** A cell called `self.close()`: the kernel is gone and answers nothing more. */
  | { type: 'closed' };

/** Narrowing helper for message handlers. */
export function isKernelEvent(value: unknown): value is KernelEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
