import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromProxyThread, ToProxyThread } from './proxy-thread.ts';

/**
 * Prompts as large as the body limit allows, shaped to make a backtracking parser
 * take seconds to minutes. The offline model must answer them in linear time, so
 * the server's event loop (and with it every other request) never stalls. The server
 * runs in a worker thread that measures its own loop with `monitorEventLoopDelay`.
 */

/** The largest request body the proxy accepts (its default limit). */
const BODY_LIMIT = 1_048_576;

/** The longest event-loop stall the test tolerates: backtracking costs seconds to minutes. */
const MAX_STALL_MS = 500;

/** The bytes `text` takes inside a JSON string, escapes included. */
const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

const chatBody = (content: string) =>
  JSON.stringify({ model: 'yieldbook-offline', messages: [{ role: 'user', content }] });

/** Room for the prompt in a body under the limit. */
const PROMPT_BYTES = BODY_LIMIT - Buffer.byteLength(chatBody(''));

/** Repeats `unit` between `head` and `tail` until the request body fills the limit. */
function pumped(head: string, unit: string, tail = ''): string {
  const room = PROMPT_BYTES - jsonBytes(head) - jsonBytes(tail);
  const count = Math.max(0, Math.floor(room / Math.max(1, jsonBytes(unit))));
  return head + unit.repeat(count) + tail;
}

const SHAPES: readonly (readonly [name: string, prompt: string])[] = [
  ['"capital of a", spaces, "#"', pumped('capital of a', ' ', '#')],
  ['"capital of a", spaces, "?!" and "#"', pumped('What is the capital of a', ' ', '?!#')],
  ['"capital city of the country" over and over', pumped('', 'capital city of the country ')],
  ['letters and dots after "capital of"', pumped('capital of ', "a.'-", '#')],
  ['100,000 "(" and more', pumped('', '(')],
  ['")" after "(" runs', pumped('1 + ', '(', ')')],
  ['a long run of digits', pumped('', '9', ' +')],
  ['digits and operators', pumped('', '1+', '#')],
  ['digits, spaces and operators', pumped('What is ', '1 * ', ' 2 - ')],
  ['nested sums', pumped('', '(1+', '1')],
  ['decimals', pumped('', '1.', '+1')],
  ['"x" before spaces', pumped('', 'x ', '1')],
  ['"multiplied" and "divided" without "by"', pumped('', 'multiplied divided ', '1')],
  ['operator words', pumped('', '1 times 2 plus 3 minus 4 over ', '#')],
  ['whitespace then one word', pumped('', ' ', 'story')],
  ['a story request', pumped('Write a story ', 'tale ')],
  ['"の首都は" over and over', pumped('', 'フランスの首都は ', '？')],
  ['katakana before "の首都は？"', pumped('', 'ア', 'の首都は？')],
  ['ideographic spaces between a name and "の首都"', pumped('フランス', '\u3000', 'の首都は？')],
  ['"首都" after "首都"', pumped('', '首都')],
  ['"の首都は" and question words, never ending', pumped('', 'の首都はどこですか', '#')],
  ['hiragana only', pumped('', 'あ')],
  ['full-width digits and operators', pumped('', '１＋', '２は？')],
  ['Japanese operator words without numbers', pumped('', 'かけるたすひくわるプラス')],
  ['Japanese operator words between digits', pumped('', '1かける', '2は？')],
  ['mixed scripts', pumped('', 'aア亜1＋ー한', 'の首都は？')],
  ['lookalikes: ﾌﾗﾝｽ, 力 for カ, ー and 一 for minus', pumped('', 'ﾌﾗﾝｽ力ー一ノ')],
  ['surrogate-pair kanji before "の首都は？"', pumped('', '𠮷', 'の首都は？')],
  ['a Japanese story request', pumped('物語を', 'お話 ')],
];

/** Pieces a fuzzed prompt is built from: what the parser looks for, and near misses. */
const PIECES = [
  'capital',
  ' city',
  ' of ',
  ' for ',
  'the country ',
  'a',
  'France',
  ' ',
  '\t',
  '\n',
  '.',
  "'",
  '’',
  '-',
  '?',
  '!',
  '#',
  '(',
  ')',
  '0',
  '7',
  '+',
  '*',
  '/',
  '×',
  'x',
  '÷',
  ' times ',
  ' plus ',
  ' minus ',
  ' over ',
  'multiplied by',
  'divided by',
  'story',
  'フランス',
  'ﾌﾗﾝｽ',
  'アメリ力',
  'の',
  'ノ',
  '首都',
  'は',
  'を教えて',
  'ください',
  'どこ',
  'ですか',
  '？',
  '。',
  '\u3000',
  '１',
  '＋',
  'かける',
  'ー',
  '一',
  '𠮷',
  '物語',
] as const;

const piece = fc.constantFrom(...PIECES);
const phrase = (min: number, max: number) =>
  fc.array(piece, { minLength: min, maxLength: max }).map((items) => items.join(''));

let thread: Worker;
let origin = '';

/** Sends `message` to the proxy thread and waits for its answer. */
async function ask(message: ToProxyThread): Promise<FromProxyThread> {
  const answer = once(thread, 'message');
  thread.postMessage(message);
  const [reply] = (await answer) as [FromProxyThread];
  return reply;
}

beforeAll(async () => {
  thread = new Worker(new URL('./proxy-thread.ts', import.meta.url));
  const [ready] = (await once(thread, 'message')) as [FromProxyThread];
  if (ready.type !== 'ready')
    throw new Error(`Expected the proxy thread to be ready, got ${ready.type}`);
  origin = ready.origin;
  // The first requests compile the server's code; measure the steady state.
  for (const prompt of ['What is 1 + 2?', pumped('', 'warm up (1 + 2) ')])
    await chat(chatBody(prompt));
});

afterAll(async () => {
  await thread.terminate();
});

async function chat(body: string): Promise<{ status: number; answer: string }> {
  const response = await fetch(`${origin}/api/llm/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  const parsed = (await response.json()) as { choices?: { message: { content: string } }[] };
  return { status: response.status, answer: parsed.choices?.[0]?.message.content ?? '' };
}

/**
 * Sends `prompt` with two ordinary requests in flight beside it and returns the proxy
 * thread's longest event-loop stall meanwhile, in milliseconds; every request must be answered.
 */
async function longestStall(prompt: string): Promise<number> {
  const adversarialBody = chatBody(prompt);
  const neighbourBody = chatBody('What is the capital of France?');
  await ask({ type: 'measure' });
  const [adversarial, neighbour, models] = await Promise.all([
    chat(adversarialBody),
    chat(neighbourBody),
    fetch(`${origin}/api/llm/v1/models`).then((response) => response.status),
  ]);
  const report = await ask({ type: 'report' });
  expect(adversarial.status).toBe(200);
  expect(adversarial.answer).not.toBe('');
  expect(neighbour).toEqual({ status: 200, answer: 'The capital of France is Paris.' });
  expect(models).toBe(200);
  if (report.type !== 'stall') throw new Error(`Expected a stall report, got ${report.type}`);
  return report.ms;
}

describe('offline model under adversarial prompts', () => {
  it('fills the request bodies up to the limit', () => {
    for (const [, prompt] of SHAPES) {
      expect(Buffer.byteLength(chatBody(prompt))).toBeGreaterThan(BODY_LIMIT - 64);
      expect(Buffer.byteLength(chatBody(prompt))).toBeLessThanOrEqual(BODY_LIMIT);
    }
  });

  it.each(SHAPES)(
    'answers %s without stalling other requests',
    async (_name, prompt) => {
      expect(await longestStall(prompt)).toBeLessThan(MAX_STALL_MS);
    },
    30_000,
  );

  it('answers fuzzed prompts of pumped pieces without stalling other requests', async () => {
    await fc.assert(
      fc.asyncProperty(phrase(0, 6), phrase(1, 4), phrase(0, 6), async (head, unit, tail) => {
        expect(await longestStall(pumped(head, unit, tail))).toBeLessThan(MAX_STALL_MS);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
