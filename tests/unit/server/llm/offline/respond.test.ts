import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../../src/server/llm/chat-request.ts';
import {
  offlineResponse,
  planCompletion,
  STORY_MIN_MS,
} from '../../../../../src/server/llm/offline/respond.ts';
import { FakeClock, settle } from '../support.ts';

function request(content: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  const messages = [{ role: 'user', content }];
  return {
    body: { model: 'yieldbook-offline', messages },
    model: 'yieldbook-offline',
    messages,
    stream: false,
    includeUsage: false,
    maxTokens: null,
    ...extra,
  };
}

const total = (plan: ReturnType<typeof planCompletion>) =>
  plan.firstTokenMs + plan.tokenMs.reduce((sum, ms) => sum + ms, 0);

describe('offline model pacing', () => {
  it('waits 100–500 ms for the first token, then 15–25 ms per token; a capital answer stays under a second', () => {
    const firsts = new Set<number>();
    for (const country of [
      'France',
      'Germany',
      'Italy',
      'Japan',
      'Spain',
      'Peru',
      'Chile',
      'Cuba',
    ]) {
      const plan = planCompletion(request(`What is the capital of ${country}?`));
      expect(plan.firstTokenMs).toBeGreaterThanOrEqual(100);
      expect(plan.firstTokenMs).toBeLessThanOrEqual(500);
      for (const ms of plan.tokenMs.slice(1)) {
        expect(ms).toBeGreaterThanOrEqual(15);
        expect(ms).toBeLessThanOrEqual(25);
      }
      expect(total(plan)).toBeLessThan(1000);
      firsts.add(plan.firstTokenMs);
    }
    // Spread, so that a chunk waits for its slowest member.
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(150);
  });

  it('takes at least 6 seconds for a story, and the same plan every time', () => {
    const plan = planCompletion(request('Write a short story.'));
    expect(total(plan)).toBeGreaterThanOrEqual(STORY_MIN_MS);
    expect(STORY_MIN_MS).toBeGreaterThanOrEqual(6000);
    expect(planCompletion(request('Write a short story.'))).toEqual(plan);
  });

  it('cuts the answer at max_tokens with finish_reason "length"', () => {
    const plan = planCompletion(request('What is the capital of France?', { maxTokens: 3 }));
    expect(plan.tokens.join('')).toBe('The capital of');
    expect(plan.finishReason).toBe('length');
  });

  it('answers the last user message', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is the capital of Italy?' }] },
      { role: 'assistant', content: 'Thinking.' },
    ];
    expect(planCompletion({ messages, maxTokens: null }).tokens.join('')).toBe(
      'The capital of Italy is Rome.',
    );
  });

  it('sleeps on the injected clock: nothing arrives before the first-token delay', async () => {
    const clock = new FakeClock();
    let finished = 0;
    const plan = planCompletion(request('What is the capital of Spain?'));
    const pending = offlineResponse(request('What is the capital of Spain?'), {
      clock,
      delayScale: 1,
      signal: new AbortController().signal,
      finish: () => {
        finished += 1;
      },
    });
    let done = false;
    void pending.then(() => {
      done = true;
    });
    await clock.untilSleeping();
    await clock.advance(total(plan) - 1);
    await settle();
    expect(done).toBe(false);
    await clock.advance(1);
    const response = await pending;
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('The capital of Spain is Madrid.');
    expect(finished).toBe(1);
  });
});
