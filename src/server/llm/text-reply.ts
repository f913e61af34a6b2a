/**
 * A reply whose whole body is already a string: the proxy's JSON answers (a non-streamed
 * completion, the model list, every error). A Node host writes it with one `end`; a
 * fetch host gets the same status, headers and bytes as a `Response` (`replyResponse`).
 * Building a `Response` with its `Headers` and body stream, then reading that stream back
 * chunk by chunk, was about a tenth of the proxy's CPU per request on `npm start`
 * (docs/benchmarks.md, "LLM proxy").
 */

/** A complete reply with a text body. */
export interface TextReply {
  readonly kind: 'text';
  readonly status: number;
  /** Lower-cased names in ascending order, as a fetch `Headers` lists them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** What the proxy answers: a text reply, or a `Response` (a stream, the offline model). */
export type ProxyReply = TextReply | Response;

/** Whether `reply` is a {@link TextReply}. */
export function isTextReply(reply: ProxyReply): reply is TextReply {
  return (reply as Partial<TextReply>).kind === 'text';
}

/** `headers` with lower-cased names in ascending order (the order a fetch `Headers` has). */
function normalized(headers: Readonly<Record<string, string>>): Record<string, string> {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const result: Record<string, string> = {};
  for (const [name, value] of entries) {
    // A name given twice in different cases is one header, joined as `Headers` joins it
    // (the sort is stable, so in the order given).
    result[name] = name in result ? `${result[name]}, ${value}` : value;
  }
  return result;
}

/** A reply of `text` with `status` and `headers` (any case, any order). */
export function textReply(
  text: string,
  status: number,
  headers: Readonly<Record<string, string>>,
): TextReply {
  return { kind: 'text', status, headers: normalized(headers), text };
}

/** `reply` with one more header (a copy, names kept lower-cased and in order). */
export function withReplyHeader(reply: TextReply, name: string, value: string): TextReply {
  const names = Object.keys(reply.headers);
  const last = names[names.length - 1];
  // The usual case (`x-request-id` after the JSON headers) needs no sort.
  if (name === name.toLowerCase() && (last === undefined || last < name)) {
    return { ...reply, headers: { ...reply.headers, [name]: value } };
  }
  return { ...reply, headers: normalized({ ...reply.headers, [name]: value }) };
}

/** `reply` as a fetch `Response`: a text reply becomes one, a `Response` is itself. */
export function replyResponse(reply: ProxyReply): Response {
  if (!isTextReply(reply)) return reply;
  return new Response(reply.text, { status: reply.status, headers: reply.headers });
}
