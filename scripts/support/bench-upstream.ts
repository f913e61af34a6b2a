/**
 * A minimal OpenAI-compatible upstream for the proxy benchmarks, on a free loopback port:
 * it answers at once, with one JSON completion, or four SSE events and `[DONE]` when the
 * request asks for a stream.
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

function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

/** A running benchmark upstream. */
export interface BenchUpstream {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the upstream on a free loopback port. */
export async function startBenchUpstream(): Promise<BenchUpstream> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (part: Buffer) => {
      body += part.toString('utf8');
    });
    request.on('end', () => {
      if (body.includes('"stream":true')) {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.write(chunk('The capital'));
        response.end(`${chunk(' of France')}${chunk(' is')}${chunk(' Paris.')}data: [DONE]\n\n`);
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(COMPLETION);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
