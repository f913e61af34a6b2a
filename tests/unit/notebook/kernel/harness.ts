import Worker from 'web-worker';
import { outputText } from '../../../../src/cells/output-text.ts';
import type { OutputItem } from '../../../../src/core/output-item.ts';
import {
  KernelClient,
  type KernelClientOptions,
  type RunOutcome,
} from '../../../../src/notebook/kernel-client.ts';
import type { PrebuiltCell } from '../../../../src/notebook/transform/prebuilt.ts';

const WORKER_URL = new URL('../../../../src/notebook/kernel/kernel.worker.ts', import.meta.url);

/** A client on a real kernel worker (Node worker thread through `web-worker`). */
export function createClient(options: Partial<KernelClientOptions> = {}): KernelClient {
  return new KernelClient({
    createWorker: () => new Worker(WORKER_URL, { type: 'module' }),
    origin: 'http://127.0.0.1:4321',
    page: '/lessons/test/',
    ...options,
  });
}

/** One finished run with everything it printed up to `finished`. */
export interface RunRecord extends RunOutcome {
  items: OutputItem[];
  text: string;
}

/** Runs a cell and collects its output; `items` keeps growing with late output. */
export async function runCell(
  client: KernelClient,
  cellId: string,
  code: string,
  extra: {
    timeoutMs?: number;
    prebuilt?: PrebuiltCell;
    onStarted?(count: number): void;
    onOutput?(items: OutputItem[]): void;
  } = {},
): Promise<RunRecord> {
  const items: OutputItem[] = [];
  const outcome = await client.run(cellId, code, {
    ...extra,
    onOutput: (batch) => {
      items.push(...batch);
      extra.onOutput?.(batch);
    },
  });
  return { ...outcome, items, text: outputText(items) };
}
