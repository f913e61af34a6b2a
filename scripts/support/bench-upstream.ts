/**
 * A minimal OpenAI-compatible upstream for the proxy benchmarks, on a free loopback port:
 * it answers at once, with one JSON completion, or four SSE events and `[DONE]` when the
 * request asks for a stream. Every answer reports its `usage` (a stream, in a last chunk
 * with no choices, when the request asks with `stream_options.include_usage`), and the
 * upstream keeps the sum of the tokens it reported.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench-model',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'The capital of France is Paris.' },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 14, completion_tokens: 7, total_tokens: 21 },
});
const COMPLETION_TOKENS = 21;

/** A stream's usage: 14 prompt tokens and one per content chunk. */
const STREAM_USAGE = { prompt_tokens: 14, completion_tokens: 4, total_tokens: 18 };
const USAGE_CHUNK = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [], usage: STREAM_USAGE })}\n\n`;

function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

/** A running benchmark upstream. */
export interface BenchUpstream {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The sum of `total_tokens` over every usage the upstream has reported. */
  reportedTokens(): number;
  close(): Promise<void>;
}

/** Whether a request's JSON body asks for a stream's usage chunk. */
function asksForUsage(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    const options =
      typeof parsed === 'object' && parsed !== null && 'stream_options' in parsed
        ? parsed.stream_options
        : null;
    return typeof options === 'object' && options !== null && 'include_usage' in options
      ? options.include_usage === true
      : false;
  } catch {
    return false;
  }
}

/** Starts the upstream on a free loopback port. */
export async function startBenchUpstream(): Promise<BenchUpstream> {
  let reported = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (part: Buffer) => {
      body += part.toString('utf8');
    });
    request.on('end', () => {
      if (body.includes('"stream":true')) {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.write(chunk('The capital'));
        const usage = asksForUsage(body) ? USAGE_CHUNK : '';
        if (usage !== '') reported += STREAM_USAGE.total_tokens;
        response.end(
          `${chunk(' of France')}${chunk(' is')}${chunk(' Paris.')}${usage}data: [DONE]\n\n`,
        );
        return;
      }
      reported += COMPLETION_TOKENS;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(COMPLETION);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    reportedTokens: () => reported,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
