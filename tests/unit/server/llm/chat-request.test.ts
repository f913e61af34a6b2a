import { describe, expect, it } from 'vitest';
import {
  messageText,
  parseChatRequest,
  readBody,
} from '../../../../src/server/llm/chat-request.ts';
import { ApiError } from '../../../../src/server/llm/errors.ts';
import { FakeClock } from './support.ts';

const options = { models: ['m1', 'm2'], maxTokensCap: 100 };

function errorOf(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('Expected an ApiError');
}

describe('chat request validation', () => {
  it('accepts a minimal request and clamps token limits to the cap', () => {
    const request = parseChatRequest(
      JSON.stringify({ model: 'm2', messages: [{ role: 'user', content: 'hi' }], max_tokens: 500 }),
      options,
    );
    expect(request.model).toBe('m2');
    expect(request.stream).toBe(false);
    expect(request.maxTokens).toBe(100);
    expect(request.body.max_tokens).toBe(100);
  });

  it.each([
    ['{not json', 400, 'invalid_json', null],
    ['[1,2]', 400, 'invalid_json', null],
    ['{"messages":[{"role":"user","content":"x"}]}', 400, 'missing_required_parameter', 'model'],
    ['{"model":7,"messages":[]}', 400, 'invalid_type', 'model'],
    ['{"model":"gpt-evil","messages":[{"role":"user"}]}', 404, 'model_not_found', 'model'],
    ['{"model":"m1"}', 400, 'missing_required_parameter', 'messages'],
    ['{"model":"m1","messages":[]}', 400, 'invalid_value', 'messages'],
    ['{"model":"m1","messages":["hi"]}', 400, 'invalid_value', 'messages[0]'],
    ['{"model":"m1","messages":[{"role":"user"}],"stream":"yes"}', 400, 'invalid_type', 'stream'],
    [
      '{"model":"m1","messages":[{"role":"user"}],"max_tokens":-1}',
      400,
      'invalid_value',
      'max_tokens',
    ],
    [
      '{"model":"m1","messages":[{"role":"user"}],"max_completion_tokens":1.5}',
      400,
      'invalid_value',
      'max_completion_tokens',
    ],
    [
      '{"model":"m1","messages":[{"role":"user"}],"stream_options":1}',
      400,
      'invalid_type',
      'stream_options',
    ],
  ])('refuses %s with %i %s', (body, status, code, param) => {
    const error = errorOf(() => parseChatRequest(body, options));
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.toBody().error.message.length).toBeGreaterThan(0);
  });

  it('reads include_usage and the text of content parts', () => {
    const request = parseChatRequest(
      JSON.stringify({
        model: 'm1',
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      }),
      options,
    );
    expect(request.includeUsage).toBe(true);
    expect(messageText(request.messages[0] ?? { role: 'user' })).toBe('ab');
  });

  it('refuses a body over the limit (413), by header or by bytes read', async () => {
    const limits = { maxBytes: 10, timeoutMs: 1000, clock: new FakeClock() };
    const big = new Request('http://x/', { method: 'POST', body: 'x'.repeat(20) });
    await expect(readBody(big, limits)).rejects.toMatchObject({
      status: 413,
      code: 'request_too_large',
    });
    const declared = new Request('http://x/', {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Length': '11' },
    });
    await expect(readBody(declared, limits)).rejects.toMatchObject({ status: 413 });
    const bad = new Request('http://x/', { method: 'POST', body: new Uint8Array([0xff, 0xfe]) });
    await expect(readBody(bad, limits)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_body',
    });
  });
});

describe('what a chat request may carry', () => {
  const base = { model: 'm1', messages: [{ role: 'user', content: 'hi' }] };
  const parse = (extra: Record<string, unknown>) =>
    parseChatRequest(JSON.stringify({ ...base, ...extra }), options);

  it.each([
    ['tools', [{ type: 'function', function: { name: 'f' } }]],
    ['service_tier', 'priority'],
    ['store', true],
    ['metadata', { a: 'b' }],
    ['web_search_options', {}],
    ['base_url', 'http://evil.example/'],
  ])('refuses the field %s with 400 naming it', (field, value) => {
    const error = errorOf(() => parse({ [field]: value }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('unknown_parameter');
    expect(error.param).toBe(field);
    expect(error.message).toContain(`\`${field}\``);
  });

  it('refuses n other than 1, and accepts n = 1', () => {
    const error = errorOf(() => parse({ n: 3 }));
    expect(error).toMatchObject({ status: 400, param: 'n', code: 'invalid_value' });
    expect(error.message).toContain('`n`');
    expect(parse({ n: 1 }).body).not.toHaveProperty('n');
  });

  it('always forwards a token limit, at most the cap', () => {
    expect(parse({}).body.max_tokens).toBe(100);
    expect(parse({}).maxTokens).toBe(100);
    const asked = parse({ max_completion_tokens: 7 });
    expect(asked.body).toMatchObject({ max_completion_tokens: 7 });
    expect(asked.body).not.toHaveProperty('max_tokens');
    expect(asked.maxTokens).toBe(7);
  });

  it('forwards exactly the allowed fields, checked', () => {
    const request = parse({
      temperature: 0.5,
      top_p: 1,
      stop: ['\n'],
      seed: 3,
      presence_penalty: 0,
      frequency_penalty: -1,
      response_format: { type: 'json_object' },
      user: 'reader-1',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(Object.keys(request.body).sort()).toEqual(
      [
        'model',
        'messages',
        'max_tokens',
        'temperature',
        'top_p',
        'stop',
        'seed',
        'presence_penalty',
        'frequency_penalty',
        'response_format',
        'user',
        'stream',
        'stream_options',
      ].sort(),
    );
  });

  it.each([
    [{ temperature: 3 }, 'temperature'],
    [{ top_p: '1' }, 'top_p'],
    [{ stop: [1] }, 'stop'],
    [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    [{ seed: 1.5 }, 'seed'],
    [{ presence_penalty: 9 }, 'presence_penalty'],
    [{ response_format: { type: 'xml' } }, 'response_format'],
    [{ user: 5 }, 'user'],
    [{ stream_options: { include_usage: true, include_secret: 1 } }, 'stream_options'],
  ])('refuses %j naming %s', (extra, param) => {
    const error = errorOf(() => parse(extra));
    expect(error).toMatchObject({ status: 400, param });
    expect(error.message).toMatch(/^Expected `/);
  });

  it('forwards messages with text content only, and drops response-only fields', () => {
    const request = parse({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }], name: 'ada' },
        { role: 'assistant', content: 'hello', refusal: null, annotations: [] },
        { role: 'user', content: 'again' },
      ],
    });
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'hi' }], name: 'ada' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'again' },
    ]);
    const image = errorOf(() =>
      parse({
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x/' } }] },
        ],
      }),
    );
    expect(image).toMatchObject({ status: 400, param: 'messages[0].content[0]' });
    const tool = errorOf(() => parse({ messages: [{ role: 'tool', content: 'x' }] }));
    expect(tool).toMatchObject({ status: 400, param: 'messages[0].role' });
    const extra = errorOf(() =>
      parse({ messages: [{ role: 'user', content: 'x', audio: { id: 'a' } }] }),
    );
    expect(extra).toMatchObject({ status: 400, param: 'messages[0].audio' });
  });
});
