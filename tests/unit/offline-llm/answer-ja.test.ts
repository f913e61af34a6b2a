import { describe, expect, it } from 'vitest';
import { answerPrompt, countTokens, tokenize } from '../../../src/offline-llm/answer.ts';
import {
  symbolizeJapaneseOperators,
  writeJapaneseExpression,
} from '../../../src/offline-llm/arithmetic-ja.ts';
import { knownCapitals, lookUpCapital } from '../../../src/offline-llm/capitals.ts';
import {
  completionBody,
  completionChunks,
  planCompletion,
  totalMs,
} from '../../../src/offline-llm/completion.ts';
import { foldWidth, hasKana } from '../../../src/offline-llm/japanese-text.ts';

const DONT_KNOW =
  'の首都はわかりません。このオフラインモデルが知っているのは、主な国の首都だけです。';
const FALLBACK =
  'オフラインモデルです。答えられるのは、首都、簡単な計算、物語のご依頼です。ご質問：';

/** Katakana, kanji and the `D.C.` of ワシントンD.C.: what Japanese names are written in. */
const JAPANESE_NAME = /^[\u30a1-\u30fc\u4e00-\u9fff]+(?:D\.C\.)?$/u;

describe('the capitals table in two languages', () => {
  it('gives every country a Japanese name and a Japanese capital', () => {
    const capitals = knownCapitals();
    expect(capitals.length).toBeGreaterThanOrEqual(80);
    for (const { country, countryJa, capitalJa } of capitals) {
      expect(countryJa, country).toMatch(JAPANESE_NAME);
      expect(capitalJa, country).toMatch(JAPANESE_NAME);
    }
    // Two countries with one Japanese name would make a lookup answer for the wrong one.
    expect(new Set(capitals.map(({ countryJa }) => countryJa)).size).toBe(capitals.length);
  });

  it('answers every country asked in either language, each in its own', () => {
    for (const { country, capital, countryJa, capitalJa } of knownCapitals()) {
      expect(answerPrompt(`${countryJa}の首都は？`)).toEqual({
        kind: 'capital',
        text: `${countryJa}の首都は${capitalJa}です。`,
      });
      const stop = capital.endsWith('.') ? '' : '.';
      expect(answerPrompt(`What is the capital of ${country}?`).text).toBe(
        `The capital of ${country} is ${capital}${stop}`,
      );
    }
  });

  it('knows the names Japanese readers use besides the table’s', () => {
    for (const [name, countryJa] of [
      ['アメリカ', 'アメリカ合衆国'],
      ['米国', 'アメリカ合衆国'],
      ['英国', 'イギリス'],
      ['大韓民国', '韓国'],
      ['中華人民共和国', '中国'],
      ['チェコ共和国', 'チェコ'],
      ['ギリシア', 'ギリシャ'],
      ['グルジア', 'ジョージア'],
    ] as const) {
      expect(lookUpCapital(name)?.countryJa, name).toBe(countryJa);
    }
    expect(lookUpCapital('Holland')).toEqual({
      country: 'the Netherlands',
      capital: 'Amsterdam',
      countryJa: 'オランダ',
      capitalJa: 'アムステルダム',
    });
  });
});

describe('Japanese capital questions', () => {
  it.each([
    ['フランスの首都は？', 'フランスの首都はパリです。'],
    ['フランスの首都は?', 'フランスの首都はパリです。'],
    ['フランスの首都はどこですか？', 'フランスの首都はパリです。'],
    ['フランスの首都はどこ？', 'フランスの首都はパリです。'],
    ['フランスの首都はどこ', 'フランスの首都はパリです。'],
    ['フランスの首都は何ですか。', 'フランスの首都はパリです。'],
    ['フランスの首都ってどこ？', 'フランスの首都はパリです。'],
    ['フランスの首都を教えてください。', 'フランスの首都はパリです。'],
    ['フランスの首都を教えて下さい', 'フランスの首都はパリです。'],
    ['フランスの首都を教えて！', 'フランスの首都はパリです。'],
    ['  フランス の 首都 は ？  ', 'フランスの首都はパリです。'],
    ['フランス　の首都は　どこですか　？', 'フランスの首都はパリです。'],
    ['ねえ、ドイツの首都はどこ？', 'ドイツの首都はベルリンです。'],
    ['質問：日本の首都はどこでしょうか？', '日本の首都は東京です。'],
    ['アメリカの首都は？', 'アメリカ合衆国の首都はワシントンD.C.です。'],
    ['南アフリカ共和国の首都はどこですか', '南アフリカの首都はプレトリアです。'],
    ['ｱﾒﾘｶの首都は？', 'アメリカ合衆国の首都はワシントンD.C.です。'],
    ['Ｆｒａｎｃｅの首都は？', 'フランスの首都はパリです。'],
    ['Franceの首都は？', 'フランスの首都はパリです。'],
    ['New Zealandの首都は？', 'ニュージーランドの首都はウェリントンです。'],
  ])('answers %j', (prompt, text) => {
    expect(answerPrompt(prompt)).toEqual({ kind: 'capital', text });
  });

  it('says in Japanese that it does not know an unknown country, named as asked', () => {
    expect(answerPrompt('アトランティスの首都は？').text).toBe(`アトランティス${DONT_KNOW}`);
    expect(answerPrompt('ワカンダ王国の首都はどこですか？').text).toBe(`ワカンダ王国${DONT_KNOW}`);
  });

  it('takes no other question for a capital question', () => {
    for (const prompt of [
      'フランスの首都はパリですか？',
      'フランスの首都で買い物をしたい。',
      'の首都は？',
      '首都はどこ？',
      'フランスの首都は？ それと天気は？',
    ]) {
      expect(answerPrompt(prompt).kind, prompt).toBe('other');
    }
  });

  it('keeps asking in English an English question about a Japanese name', () => {
    expect(answerPrompt('What is the capital of フランス?').text).toBe(
      'The capital of France is Paris.',
    );
  });
});

describe('Japanese arithmetic', () => {
  it.each([
    ['12 × 7 は？', '12 × 7 = 84 です。'],
    ['12かける7は？', '12 × 7 = 84 です。'],
    ['12掛ける7は', '12 × 7 = 84 です。'],
    ['100 ÷ 8 はいくつですか？', '100 ÷ 8 = 12.5 です。'],
    ['100わる8は？', '100 ÷ 8 = 12.5 です。'],
    ['3 + 4 は何ですか', '3 + 4 = 7 です。'],
    ['3たす4ひく2は？', '3 + 4 - 2 = 5 です。'],
    ['3足す4は', '3 + 4 = 7 です。'],
    ['10 引く 4 は', '10 - 4 = 6 です。'],
    ['5プラス5マイナス1は？', '5 + 5 - 1 = 9 です。'],
    ['１２×７は？', '12 × 7 = 84 です。'],
    ['１２＋３０は？', '12 + 30 = 42 です。'],
    ['（７－２）÷４は？', '(7 - 2) ÷ 4 = 1.25 です。'],
    ['７−２は？', '7 - 2 = 5 です。'],
    ['12*3+1 はいくつ？', '12 × 3 + 1 = 37 です。'],
    ['12 times 3 は？', '12 × 3 = 36 です。'],
    ['2 * -3 は？', '2 × -3 = -6 です。'],
    ['0.1 + 0.2 は？', '0.1 + 0.2 = 0.3 です。'],
    ['999999999999 × 999999999999 は？', '999999999999 × 999999999999 = 9.99999999998e+23 です。'],
    ['1 ÷ 0 は？', '1 ÷ 0 は 0 で割っているので、値がありません。'],
    ['0/0 + 1 は？', '0 ÷ 0 + 1 は 0 で割っているので、値がありません。'],
  ])('answers %j', (prompt, text) => {
    expect(answerPrompt(prompt)).toEqual({ kind: 'arithmetic', text });
  });

  it('follows the English numeric rules: the same value for the same sum', () => {
    for (const [english, japanese] of [
      ['What is 8 / 4 / 2?', '8わる4わる2は？'],
      ['What is 2 + 3 * 4 - 6 / 2?', '2たす3かける4ひく6わる2は？'],
      ['What is 1 / 3?', '1 ÷ 3 は？'],
    ] as const) {
      const value = answerPrompt(english).text.split(' = ')[1]?.replace(/\.$/, '');
      expect(answerPrompt(japanese).text).toMatch(` = ${value} です。`);
    }
  });

  it('writes operator words and full-width forms as the symbols the evaluator reads', () => {
    expect(symbolizeJapaneseOperators('3たす4かける5ひく6わる7')).toBe('3+4*5-6/7');
    expect(foldWidth('１２＋（３）？　')).toBe('12+(3)? ');
    expect(writeJapaneseExpression('-2*(3 +-1)/4')).toBe('-2 × (3 + -1) ÷ 4');
  });
});

describe('other Japanese prompts', () => {
  it('tells a story in Japanese, the same one every time', () => {
    const story = answerPrompt('短い物語を書いてください。');
    expect(story.kind).toBe('story');
    expect(story.text).toMatch(/^むかしむかし、/);
    expect(story.text.split('\n\n')).toHaveLength(7);
    expect(answerPrompt('短い物語を書いてください。')).toEqual(story);
    expect(answerPrompt('お話をして').kind).toBe('story');
    // As long to stream as the English story, so timeouts in the lessons still fire.
    const english = countTokens(answerPrompt('Write a short story.').text);
    expect(countTokens(story.text)).toBeGreaterThan(english * 0.8);
  });

  it('says in Japanese what it can do, quoting the prompt', () => {
    expect(answerPrompt('こんにちは').text).toBe(`${FALLBACK}「こんにちは」`);
    const long = `${'あ'.repeat(100)}`;
    expect(answerPrompt(long).text).toBe(`${FALLBACK}「${'あ'.repeat(77)}...」`);
  });

  it('answers prompts with no kana as before', () => {
    expect(hasKana('中国 2 + 2')).toBe(false);
    expect(answerPrompt('中国 2 + 2').text).toBe('2 + 2 = 4.');
    expect(answerPrompt('你好').kind).toBe('other');
    expect(answerPrompt('你好').text).toMatch(/^Offline model here/);
  });
});

describe('Japanese lookalikes and mixed scripts', () => {
  it.each([
    // Katakana ノ for the particle の, and kanji 力 for katakana カ.
    ['フランスノ首都は？', `${FALLBACK}「フランスノ首都は？」`],
    ['アメリ力の首都は？', `アメリ力${DONT_KNOW}`],
    // Cyrillic а in France.
    ['Frаnceの首都は？', `Frаnce${DONT_KNOW}`],
    // The prolonged sound mark ー and the kanji 一 are no minus signs.
    ['3ー2は？', `${FALLBACK}「3ー2は？」`],
    ['3一2は？', `${FALLBACK}「3一2は？」`],
    ['１２ｘ７は？', '12 × 7 = 84 です。'],
    ['𠮷野家の首都は？', `𠮷野家${DONT_KNOW}`],
  ])('answers %j without guessing', (prompt, text) => {
    expect(answerPrompt(prompt).text).toBe(text);
  });
});

describe('Japanese answers streamed and counted', () => {
  const plan = (content: string, maxTokens: number | null = null) =>
    planCompletion({ messages: [{ role: 'user', content }], maxTokens });

  it('cuts a Japanese answer where the script changes, as an English one is cut at spaces', () => {
    expect(tokenize('フランスの首都はパリです。')).toEqual([
      'フランス',
      'の',
      '首都',
      'は',
      'パリ',
      'です',
      '。',
    ]);
    expect(tokenize('ルーマニア')).toEqual(['ルーマニ', 'ア']);
    expect(tokenize('すごーい')).toEqual(['すごーい']);
    expect(tokenize('The capital of France is Paris.')).toHaveLength(7);
  });

  it('streams several chunks that join back to the answer exactly', async () => {
    for (const content of ['アメリカの首都は？', '短い物語を書いてください。', 'こんにちは']) {
      const planned = plan(content);
      const text = answerPrompt(content).text;
      const deltas: string[] = [];
      for await (const event of completionChunks(planned, { model: 'm' }, 0, async () => {})) {
        const delta = (event as { choices?: { delta?: { content?: string } }[] }).choices?.[0]
          ?.delta?.content;
        if (delta) deltas.push(delta);
      }
      expect(deltas.length, content).toBeGreaterThan(5);
      expect(deltas.join(''), content).toBe(text);
      expect(deltas.every((delta) => !/[\ud800-\udbff]$/u.test(delta))).toBe(true);
    }
  });

  it('counts usage in the same pieces, and paces a capital answer as the English one', () => {
    const planned = plan('フランスの首都は？');
    const body = completionBody(planned, 'yieldbook-offline', 0);
    // 3 for the request and 4 for the message, as for English; the question is 5 pieces.
    expect(body.usage).toEqual({
      prompt_tokens: 3 + 4 + countTokens('フランスの首都は？'),
      completion_tokens: 7,
      total_tokens: 3 + 4 + countTokens('フランスの首都は？') + 7,
    });
    expect(countTokens('フランスの首都は？')).toBe(5);
    expect(totalMs(planned)).toBeLessThan(1000);
    const cut = plan('フランスの首都は？', 3);
    expect(cut.tokens.join('')).toBe('フランスの首都');
    expect(cut.finishReason).toBe('length');
  });

  it('counts a megabyte of one script in pieces of a few characters', () => {
    const kanji = '首'.repeat(1_000_000);
    expect(countTokens(kanji)).toBe(250_000);
    expect(countTokens('ア'.repeat(10))).toBe(3);
  });
});
