/**
 * `yieldbook/llm`: the OpenAI SDK pointed at the site's LLM proxy.
 *
 * ```ts
 * import { client, model } from 'yieldbook/llm';
 * const answer = await client().chat.completions.create({ model, messages: [...] });
 * ```
 *
 * `model` is the proxy's default model (the first one `GET /models` lists),
 * read once when the module loads. No key reaches the browser: the client
 * sends a placeholder that the proxy ignores.
 */
import OpenAI, { type ClientOptions } from 'openai';
import { display, liveText } from '../display/index.ts';
import { siteOrigin } from './site.ts';

export { SITE_INFO, type SiteInfo, siteOrigin } from './site.ts';

/** Path of the proxy on the site. */
export const PROXY_PATH = '/api/llm/v1';

/** The key the client sends; the proxy ignores it and uses its own. */
export const PLACEHOLDER_KEY = 'yieldbook-proxy';

/** Absolute URL of the proxy, e.g. `https://example.org/api/llm/v1`. */
export function proxyUrl(): string {
  return `${siteOrigin()}${PROXY_PATH}`;
}

/** An `OpenAI` client for the site's proxy; `options` override anything (timeouts, retries…). */
export function client(options: ClientOptions = {}): OpenAI {
  return new OpenAI({
    baseURL: proxyUrl(),
    apiKey: PLACEHOLDER_KEY,
    dangerouslyAllowBrowser: true,
    ...options,
  });
}

/** The ids of the models the proxy offers, the default first. */
export async function listModels(): Promise<string[]> {
  const url = `${proxyUrl()}/models`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new Error(`Could not reach the LLM proxy at ${url}`, { cause: error });
  }
  if (!response.ok) {
    throw new Error(`Expected the LLM proxy to list its models, got status ${response.status}`);
  }
  const body = (await response.json()) as { data?: { id?: unknown }[] };
  const ids = (body.data ?? []).map((entry) => entry.id).filter((id) => typeof id === 'string');
  if (ids.length === 0) throw new Error('Expected the LLM proxy to list at least one model');
  return ids;
}

/** The models the proxy offers, read once when the module loads. */
const offered = await listModels();

/** The proxy's default model id. */
export const model: string = offered[0] as string;

/**
 * The model for runs of thousands of requests: the offline model's fast variant when the
 * site serves the offline model (a page gets only six connections to the site, so such a
 * run goes six at a time), otherwise the default model.
 */
export const fastModel: string = offered.includes('yieldbook-offline-fast')
  ? 'yieldbook-offline-fast'
  : model;

/** Anything that says which model answered: a completion, a stream chunk, or a model id. */
export type Answered = { model: string } | string;

/** The id of the model that answered. */
export function answeredBy(answer: Answered): string {
  return typeof answer === 'string' ? answer : answer.model;
}

/** Shows which model answered, as a small note in the cell's output: `Answered by yieldbook-offline`. */
export function showModel(answer: Answered): void {
  const id = answeredBy(answer);
  const text = `Answered by ${id}`;
  display({ html: `<small>Answered by <code>${escapeHtml(id)}</code></small>`, text });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A chunk of a streamed chat completion, as far as `streamText` reads it. */
export interface StreamChunk {
  model: string;
  choices: { delta?: { content?: string | null } }[];
}

/**
 * Shows a streamed answer growing in the cell's output as chunks arrive, and
 * resolves with the whole text and the model that answered. The answer is
 * shown as text, always: SVG or HTML in it is not drawn (pass it to
 * `display({ svg })` or `display({ html })` to draw it, sanitised).
 */
export async function streamText(
  stream: AsyncIterable<StreamChunk>,
): Promise<{ text: string; model: string }> {
  let answering = '';
  const live = liveText();
  for await (const chunk of stream) {
    answering ||= chunk.model;
    live.write(chunk.choices[0]?.delta?.content ?? '');
  }
  live.end();
  return { text: live.text, model: answering };
}
