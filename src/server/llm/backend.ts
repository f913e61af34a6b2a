/**
 * What answers a chat request once the proxy has admitted and validated it. The offline
 * model and the upstream are two implementations (src/server/llm/backends/); which model
 * id goes to which is decided in one place, `modelRoutes` (routes.ts).
 */
import type { ChatRequest } from './chat-request.ts';
import type { ProxyReply } from './text-reply.ts';
import type { Logger } from './types.ts';
import type { UsageMeter } from './usage-meter.ts';

/** Per-request context handed to a backend. */
export interface BackendCall {
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /**
   * Called exactly once when the response is complete or abandoned: it frees the
   * client's slot. A backend that throws before returning a response calls it too.
   */
  finish: () => void;
  /** Lines about this request (already tagged with its id). */
  logger: Logger;
  /** Counts the tokens of a paid request under budgets; offline backends ignore it. */
  meter?: UsageMeter;
}

/** Something that answers validated chat completion requests for the models it serves. */
export interface ChatBackend {
  /** Who owns the models, as `/models` reports it (`owned_by`). */
  readonly ownedBy: string;
  /** Answers `request` (JSON or an SSE stream), or throws an `ApiError`. */
  complete(request: ChatRequest, call: BackendCall): Promise<ProxyReply>;
}
