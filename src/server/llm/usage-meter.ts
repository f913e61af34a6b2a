/**
 * Counting a paid request's tokens from what the upstream sends: the `usage` of a reply,
 * or of a stream's last chunk, which the proxy asks for (`stream_options.include_usage`)
 * whether or not the client did. A client that did not ask never sees that usage-only
 * chunk: its `choices` is empty, and the `openai` SDK hands every chunk to the caller, so
 * code such as `chunk.choices[0].delta` would fail on it.
 */
import { isRecord } from './is-record.ts';

/** One request's tokens: the upstream's `usage` when it sent one, else an estimate. */
export interface UsageMeter {
  /** `usage.total_tokens` as the upstream reported it, or null until it does. */
  reported: number | null;
  /** The prompt's tokens, estimated from the request's text (about 4 characters a token). */
  prompt: number;
  /** The answer's tokens, estimated from what was relayed (one per streamed chunk). */
  estimated: number;
}

/** A fresh meter for a request whose body is `bodyText`. */
export function startMeter(bodyText: string): UsageMeter {
  return { reported: null, prompt: Math.ceil(bodyText.length / 4), estimated: 0 };
}

/**
 * The tokens to count: reported, else estimated (an upstream without `usage`, or a stream
 * the client left early), and 0 when the upstream answered nothing.
 */
export function meteredTokens(meter: UsageMeter): number {
  if (meter.reported !== null) return meter.reported;
  return meter.estimated > 0 ? meter.prompt + meter.estimated : 0;
}

/** The total of a `usage` object, or null when it has none. */
function totalOf(usage: unknown): number | null {
  if (!isRecord(usage)) return null;
  if (typeof usage.total_tokens === 'number' && usage.total_tokens >= 0) return usage.total_tokens;
  const prompt = typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : 0;
  const completion = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0;
  return prompt + completion > 0 ? prompt + completion : null;
}

/** Records the `usage` of a non-streamed reply's JSON text. */
export function meterReply(meter: UsageMeter, text: string): void {
  meter.estimated += Math.ceil(text.length / 4);
  try {
    const parsed: unknown = JSON.parse(text);
    const total = isRecord(parsed) ? totalOf(parsed.usage) : null;
    if (total !== null) meter.reported = total;
  } catch {
    // Not JSON: the estimate stands.
  }
}

/**
 * A filter for a stream's events: records usage, and drops the usage-only chunk unless
 * `clientAsked`. Returns the event to relay, or '' to relay nothing.
 */
export function meterEvents(meter: UsageMeter, clientAsked: boolean): (event: string) => string {
  return (event) => {
    // Most events carry no usage: one substring scan, no parse.
    if (!event.includes('"usage"')) {
      meter.estimated += 1;
      return event;
    }
    const data = event
      .split(/\r\n|\r|\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return event;
    }
    if (!isRecord(parsed)) return event;
    const total = totalOf(parsed.usage);
    if (total !== null) meter.reported = total;
    const usageOnly = Array.isArray(parsed.choices) && parsed.choices.length === 0;
    return usageOnly && !clientAsked ? '' : event;
  };
}
