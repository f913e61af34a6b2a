import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFLINE_FAST_FACTOR } from '../../../../src/server/llm/config.ts';
import { planCompletion } from '../../../../src/server/llm/offline/respond.ts';
import { type ProxyUnderTest, startProxy, until } from './harness.ts';

let current: ProxyUnderTest | null = null;

async function proxy(...args: Parameters<typeof startProxy>): Promise<ProxyUnderTest> {
  current = await startProxy(...args);
  return current;
}

afterEach(async () => {
  await current?.close();
  current = null;
});

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('the official SDK against the proxy (offline model)', { timeout: 30_000 }, () => {
  it('lists the offline model first and answers without streaming, with usage', async () => {
    const { sdk } = await proxy({}, { offlineDelayScale: 0 });
    const models = await sdk().models.list();
    expect(models.data.map((model) => model.id)).toEqual([
      'yieldbook-offline',
      'yieldbook-offline-fast',
    ]);
    expect((await sdk().models.retrieve('yieldbook-offline')).id).toBe('yieldbook-offline');
    const completion = await sdk().chat.completions.create({
      model: 'yieldbook-offline',
      messages: ask('What is the capital of France?'),
    });
    expect(completion.model).toBe('yieldbook-offline');
    expect(completion.choices[0]?.message.content).toBe('The capital of France is Paris.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(7);
  });

  it('streams chunk by chunk with usage and finish reason; the wire ends with [DONE]', async () => {
    const { sdk, baseURL } = await proxy({}, { offlineDelayScale: 0 });
    const stream = await sdk().chat.completions.create({
      model: 'yieldbook-offline',
      messages: ask('What is the capital of Germany?'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.join('')).toBe('The capital of Germany is Berlin.');
    expect(pieces.length).toBe(7);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ completion_tokens: 7 });

    const raw = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'yieldbook-offline', stream: true, messages: ask('Hi') }),
    });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.headers.get('x-accel-buffering')).toBe('no');
    expect((await raw.text()).endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('truncates at max_tokens with finish_reason "length", streamed or not', async () => {
    const { sdk } = await proxy({}, { offlineDelayScale: 0 });
    const completion = await sdk().chat.completions.create({
      model: 'yieldbook-offline',
      messages: ask('Write a short story.'),
      max_completion_tokens: 5,
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(5);
    const stream = await sdk().chat.completions.create({
      model: 'yieldbook-offline',
      messages: ask('Write a short story.'),
      max_tokens: 5,
      stream: true,
    });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(completion.choices[0]?.message.content);
    expect(finish).toBe('length');
  });

  it('gives OpenAI-shaped errors with the right status through the SDK', async () => {
    const { sdk } = await proxy({ LLM_MAX_BODY_BYTES: '2000' }, { offlineDelayScale: 0 });
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error('Expected the request to fail');
        },
        (error: unknown) => error,
      );
    const unknown = await failure(
      sdk().chat.completions.create({ model: 'gpt-unknown', messages: ask('x') }),
    );
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });

    const empty = await failure(
      sdk().chat.completions.create({ model: 'yieldbook-offline', messages: [] }),
    );
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty).toMatchObject({ status: 400, param: 'messages' });

    const large = await failure(
      sdk().chat.completions.create({
        model: 'yieldbook-offline',
        messages: ask('x'.repeat(3000)),
      }),
    );
    expect(large).toMatchObject({ status: 413, code: 'request_too_large' });

    const missingModel = await failure(sdk().models.retrieve('nope'));
    expect(missingModel).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('never answers 500 to malformed input: bad JSON, wrong method, unknown path, odd bytes', async () => {
    const { baseURL } = await proxy({}, { offlineDelayScale: 0 });
    const cases: [string, RequestInit, number][] = [
      [
        '/chat/completions',
        { method: 'POST', body: '{"model":', headers: { 'Content-Type': 'application/json' } },
        400,
      ],
      [
        '/chat/completions',
        { method: 'POST', body: 'null', headers: { 'Content-Type': 'application/json' } },
        400,
      ],
      [
        '/chat/completions',
        {
          method: 'POST',
          body: new Uint8Array([0xc3, 0x28]),
          headers: { 'Content-Type': 'application/json' },
        },
        400,
      ],
      ['/chat/completions', { method: 'GET' }, 405],
      [
        '/models',
        { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } },
        405,
      ],
      [
        '/embeddings',
        { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } },
        404,
      ],
      ['/models/%E0%A4%A', { method: 'GET' }, 404],
      ['', { method: 'GET' }, 404],
    ];
    for (const [path, init, status] of cases) {
      const response = await fetch(`${baseURL}${path}`, init);
      expect({ path, status: response.status }).toEqual({ path, status });
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    }
  });

  it('refuses a burst beyond the rate limit with 429 and Retry-After', async () => {
    const { sdk, clock } = await proxy(
      { LLM_RATE_BURST: '5', LLM_RATE_PER_SECOND: '1' },
      { offlineDelayScale: 0 },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        sdk().chat.completions.create({
          model: 'yieldbook-offline',
          messages: ask('What is 1+1?'),
        }),
      ),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const result of refused) {
      const error = (result as PromiseRejectedResult).reason as InstanceType<
        typeof OpenAI.RateLimitError
      >;
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error.code).toBe('rate_limit_exceeded');
      expect(error.headers?.get('retry-after')).toBe('1');
    }
    await clock.advance(1000);
    const again = await sdk().chat.completions.create({
      model: 'yieldbook-offline',
      messages: ask('What is 1+1?'),
    });
    expect(again.choices[0]?.message.content).toBe('1+1 = 2.');
  });

  it('refuses requests past the concurrency cap while the others are in flight', async () => {
    const { sdk, clock } = await proxy({ LLM_MAX_CONCURRENT: '4' });
    let refused = 0;
    const pending = Array.from({ length: 6 }, () =>
      sdk()
        .chat.completions.create({
          model: 'yieldbook-offline',
          messages: ask('What is the capital of Peru?'),
        })
        .then(
          (completion) => completion.choices[0]?.message.content,
          (error: { status?: number; headers?: Headers }) => {
            refused += 1;
            return `${error.status} retry-after=${error.headers?.get('retry-after')}`;
          },
        ),
    );
    // Four sleep in the offline model while the other two are refused; then the four finish.
    await until(() => clock.pending === 4 && refused === 2);
    await clock.advance(1000);
    const outcomes = await Promise.all(pending);
    expect(outcomes.filter((text) => text === 'The capital of Peru is Lima.')).toHaveLength(4);
    expect(outcomes.filter((text) => text === '429 retry-after=1')).toHaveLength(2);
  });

  it('paces the fast variant at a twentieth of the delays, with the same answer', async () => {
    const { sdk, clock } = await proxy();
    const plan = planCompletion({
      messages: ask('What is the capital of Kenya?'),
      maxTokens: null,
    });
    const total = plan.firstTokenMs + plan.tokenMs.reduce((sum, ms) => sum + ms, 0);
    let answer: string | null | undefined;
    const pending = sdk()
      .chat.completions.create({
        model: 'yieldbook-offline-fast',
        messages: ask('What is the capital of Kenya?'),
      })
      .then((completion) => {
        answer = completion.choices[0]?.message.content;
      });
    await clock.untilSleeping();
    await clock.advance(total * OFFLINE_FAST_FACTOR - 1);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    await pending;
    expect(answer).toBe('The capital of Kenya is Nairobi.');
  });

  it('stops producing a stream when the client aborts mid-stream, and frees its slot', async () => {
    const { sdk, clock } = await proxy({ LLM_MAX_CONCURRENT: '1' });
    const abort = new AbortController();
    const stream = await (async () => {
      const started = sdk().chat.completions.create(
        { model: 'yieldbook-offline', messages: ask('Write a short story.'), stream: true },
        { signal: abort.signal },
      );
      await clock.untilSleeping();
      await clock.advance(600);
      return started;
    })();
    const received: string[] = [];
    let finished = false;
    const reading = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        if (chunk.choices[0]?.finish_reason) finished = true;
        if (received.length === 3) abort.abort();
      }
    })().catch((error: unknown) => error);
    await until(() => received.length > 0);
    // One token at a time (each is at most 25 ms apart), until the reader aborts.
    while (!abort.signal.aborted) {
      const before = received.length;
      await clock.advance(30);
      await until(() => received.length > before || abort.signal.aborted);
    }
    await reading;
    // The generator stops sleeping: no more tokens are produced, and the story never finished.
    await until(() => clock.pending === 0);
    expect(finished).toBe(false);
    // The one slot is free again.
    const next = sdk().chat.completions.create({
      model: 'yieldbook-offline',
      messages: ask('What is the capital of Chile?'),
    });
    await clock.untilSleeping();
    await clock.advance(1000);
    expect((await next).choices[0]?.message.content).toBe('The capital of Chile is Santiago.');
  });
});
