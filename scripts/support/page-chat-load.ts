/**
 * Lesson 5's run of chat requests, made from a page: the function is handed to Playwright's
 * `page.evaluate` and runs in the browser, so it uses nothing from outside its own body.
 */

/** What `pageChatLoad` is asked to send. */
export interface PageChatLoadOptions {
  /** The model every request names. */
  model: string;
  /** Requests in all. */
  total: number;
  /** Requests asked in flight at once (the browser may hold some back). */
  concurrency: number;
  /** Request `i` asks for the capital of `countries[i % countries.length]`. */
  countries: readonly string[];
}

/** How the run went. */
export interface PageChatLoadFigures {
  wallMs: number;
  /** Requests answered with the capital. */
  ok: number;
  /** 429 answers, each retried after its `Retry-After`. */
  refused: number;
  /** Requests answered otherwise. */
  failed: number;
  /** The largest `Yieldbook-In-Flight` the server reported. */
  mostInFlight: number;
}

/**
 * Sends `total` chat requests to the site's proxy from the page it runs in, `concurrency` at a
 * time in a sliding window, retrying a 429 after its `Retry-After` as the SDK does (refused,
 * not lost). Pass it to `page.evaluate`.
 */
export async function pageChatLoad({
  model,
  total,
  concurrency,
  countries,
}: PageChatLoadOptions): Promise<PageChatLoadFigures> {
  let next = 0;
  let ok = 0;
  let refused = 0;
  let failed = 0;
  let mostInFlight = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        for (;;) {
          const response = await fetch('/api/llm/v1/chat/completions', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              model,
              messages: [
                {
                  role: 'user',
                  content: `What is the capital of ${countries[index % countries.length]}?`,
                },
              ],
            }),
          });
          mostInFlight = Math.max(
            mostInFlight,
            Number(response.headers.get('yieldbook-in-flight') ?? 0),
          );
          if (response.status === 429) {
            refused += 1;
            await response.body?.cancel();
            const wait = Number(response.headers.get('Retry-After') ?? '1');
            await new Promise((resolve) => setTimeout(resolve, wait * 1000));
            continue;
          }
          const text = await response.text();
          if (response.ok && text.includes('The capital of')) ok += 1;
          else failed += 1;
          break;
        }
      }
    }),
  );
  return { wallMs: performance.now() - start, ok, refused, failed, mostInFlight };
}
