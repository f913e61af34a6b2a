/** The built-in offline model as a backend (src/offline-llm/ has the model itself). */
import type { ChatBackend } from '../backend.ts';
import { offlineResponse } from '../offline/respond.ts';
import type { Clock } from '../types.ts';

/** Options of `offlineBackend`. */
export interface OfflineBackendOptions {
  clock: Clock;
  /** Multiplies every delay: 1 is realistic, 0 answers at once. */
  delayScale: number;
}

/** The offline model paced at `delayScale`; `routes.ts` gives it one model id per pace. */
export function offlineBackend(options: OfflineBackendOptions): ChatBackend {
  return {
    ownedBy: 'yieldbook',
    complete: (request, call) =>
      offlineResponse(request, {
        clock: options.clock,
        delayScale: options.delayScale,
        signal: call.signal,
        finish: call.finish,
        logger: call.logger,
      }),
  };
}
