import { describe, expect, it } from 'vitest';
import {
  messageText,
  parseChatRequest,
  readBody,
} from '../../../../src/server/llm/chat-request.ts';
import { ApiError } from '../../../../src/server/llm/errors.ts';

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
              { type: 'image_url' },
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
    const big = new Request('http://x/', { method: 'POST', body: 'x'.repeat(20) });
    await expect(readBody(big, 10)).rejects.toMatchObject({
      status: 413,
      code: 'request_too_large',
    });
    const declared = new Request('http://x/', {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Length': '11' },
    });
    await expect(readBody(declared, 10)).rejects.toMatchObject({ status: 413 });
    const bad = new Request('http://x/', { method: 'POST', body: new Uint8Array([0xff, 0xfe]) });
    await expect(readBody(bad, 10)).rejects.toMatchObject({ status: 400, code: 'invalid_body' });
  });
});
