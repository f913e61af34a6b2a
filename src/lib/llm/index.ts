/**
 * `yieldbook/llm`: the OpenAI SDK pointed at the site's LLM proxy.
 *
 * ```ts
 * import { client, model } from 'yieldbook/llm';
 * const answer = await client().chat.completions.create({ model, messages: [...] });
 * ```
 *
 * `model` is the proxy's default model (the first one `GET /models` lists),
 * read once when the module loads; when the site admits only students
 * (`LLM_ACCESS=students`) and this reader has no valid access token, it is the
 * offline model instead, and the cell that loaded the module says why. No key of
 * the site reaches the browser: the client sends the reader's access token (from
 * the access link), or a placeholder that means "no token".
 */
import OpenAI, { type ClientOptions } from 'openai';
import { bearer, PLACEHOLDER_KEY } from '../../core/access-token.ts';
import { display, liveText } from '../display/index.ts';
import { type AccessInfo, accessNote, readAccess } from './access.ts';
import { accessToken, siteBase, siteOrigin } from './site.ts';

export { PLACEHOLDER_KEY } from '../../core/access-token.ts';
export { type AccessInfo, type AccessReason, accessNote, readAccess } from './access.ts';
export { accessToken, SITE_INFO, type SiteInfo, siteBase, siteOrigin } from './site.ts';

/** Path of the proxy under the site's base path. */
export const PROXY_PATH = '/api/llm/v1';

/** The built-in offline model, which every reader may use, token or not. */
export const OFFLINE_MODEL = 'yieldbook-offline';

/** The offline model at a twentieth of the delays, for runs of thousands of requests. */
export const OFFLINE_FAST_MODEL = 'yieldbook-offline-fast';

/** Absolute URL of the proxy, e.g. `https://example.org/api/llm/v1` (or `…/<repo>/api/llm/v1`). */
export function proxyUrl(): string {
  return `${siteOrigin()}${siteBase().slice(0, -1)}${PROXY_PATH}`;
}

/**
 * An `OpenAI` client for the site's proxy, sending the reader's access token (read now: a
 * client made after signing in sends the new one); `options` override anything
 * (timeouts, retries…).
 */
export function client(options: ClientOptions = {}): OpenAI {
  return new OpenAI({
    baseURL: proxyUrl(),
    apiKey: accessToken() ?? PLACEHOLDER_KEY,
    dangerouslyAllowBrowser: true,
    ...options,
  });
}

/** The ids of the models the proxy offers, the default first. */
export async function listModels(): Promise<string[]> {
  const url = `${proxyUrl()}/models`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', Authorization: bearer(accessToken()) },
    });
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

/** The models the proxy offers and who the proxy takes this reader for, read once when the module loads. */
const [offered, accessAnswer] = await Promise.all([
  listModels(),
  readAccess(proxyUrl(), accessToken()),
]);

/**
 * What the proxy said of this reader's access (`GET /access`), read once when the module
 * loads; null when the proxy does not say (an older server).
 */
export const access: AccessInfo | null = accessAnswer;

/** Why `model` is the offline model although the site has another, or null. */
const fallback = access?.access === 'students' ? access.reason : null;

/**
 * The model cells use: the proxy's default, or the offline model when the site admits only
 * students and this reader has no valid token (the cell that loaded this module shows a
 * note saying why and what to do).
 */
export const model: string = fallback === null ? (offered[0] as string) : OFFLINE_MODEL;

if (fallback !== null) {
  const note = accessNote(fallback);
  display({ html: `<strong>Note:</strong> ${escapeHtml(note)}`, text: `Note: ${note}` });
}

/**
 * The model for runs of thousands of requests: the offline model's fast variant when
 * cells use the offline model (a page gets only six connections to the site, so such a
 * run goes six at a time), otherwise `model`.
 */
export const fastModel: string =
  model === OFFLINE_MODEL && offered.includes(OFFLINE_FAST_MODEL) ? OFFLINE_FAST_MODEL : model;

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
