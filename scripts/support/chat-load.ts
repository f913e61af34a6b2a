/**
 * Streamed chat requests in a loop, as many readers at once: the load of the deployment
 * test (a rolling restart loses nothing) and of the classroom benchmark.
 */
import { endsWithDone } from './stream.ts';

/** One request's outcome. */
export interface ChatOutcome {
  /** HTTP status, or 0 when the connection failed. */
  readonly status: number;
  /** Whether the stream ended with `data: [DONE]`. */
  readonly complete: boolean;
  /** `X-Upstream-Addr` (which instance answered, behind the test nginx), if any. */
  readonly upstream: string | null;
  readonly error?: string;
}

/** Sends one streamed chat request to `origin`'s proxy and reads the stream to its end. */
export async function streamChat(
  origin: string,
  {
    model = 'yieldbook-offline',
    onHeaders,
  }: { model?: string; onHeaders?: (upstream: string | null) => void } = {},
): Promise<ChatOutcome> {
  try {
    const response = await fetch(`${origin}/api/llm/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model,
        stream: true,
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
      }),
    });
    const upstream = response.headers.get('x-upstream-addr');
    onHeaders?.(upstream);
    const text = await response.text();
    return { status: response.status, complete: endsWithDone(text), upstream };
  } catch (error) {
    return { status: 0, complete: false, upstream: null, error: String(error) };
  }
}

/** A load running until `stop()`: `readers` loops of one request after another. */
export function chatLoad(
  origin: string,
  readers: number,
  options: Parameters<typeof streamChat>[1] = {},
): { outcomes: ChatOutcome[]; stop(): Promise<ChatOutcome[]> } {
  const outcomes: ChatOutcome[] = [];
  let running = true;
  const loops = Array.from({ length: readers }, async () => {
    while (running) outcomes.push(await streamChat(origin, options));
  });
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}
