import { describe, expect, it } from 'vitest';
import {
  answerPrompt,
  evaluateArithmetic,
  hashText,
  tokenize,
} from '../../../../../src/server/llm/offline/answer.ts';
import { CAPITAL_COUNT, lookUpCapital } from '../../../../../src/server/llm/offline/capitals.ts';

describe('offline model answers', () => {
  it.each([
    ['France', 'Paris'],
    ['Germany', 'Berlin'],
    ['Italy', 'Rome'],
    ['Japan', 'Tokyo'],
    ['Spain', 'Madrid'],
    ['Brazil', 'Brasília'],
    ['Kenya', 'Nairobi'],
  ])('answers the capital of %s in the lessons’ exact form', (country, capital) => {
    expect(answerPrompt(`What is the capital of ${country}?`)).toEqual({
      kind: 'capital',
      text: `The capital of ${country} is ${capital}.`,
    });
  });

  it('knows at least 60 countries, ignoring case, "the" and common aliases', () => {
    expect(CAPITAL_COUNT).toBeGreaterThanOrEqual(60);
    expect(answerPrompt('what is the capital of the netherlands').text).toBe(
      'The capital of the Netherlands is Amsterdam.',
    );
    expect(answerPrompt('Capital city of USA?').text).toBe(
      'The capital of the United States is Washington, D.C.',
    );
    expect(lookUpCapital('Holland')?.capital).toBe('Amsterdam');
  });

  it('says it does not know the capital of an unknown country', () => {
    expect(answerPrompt('What is the capital of Atlantis?').text).toBe(
      "I don't know the capital of Atlantis: the offline model only knows the capitals of common countries.",
    );
  });

  it('answers simple arithmetic in words and symbols', () => {
    expect(answerPrompt('What is 2 + 2?').text).toBe('2 + 2 = 4.');
    expect(answerPrompt('What is 12 times 3 plus 1?').text).toBe('12 * 3 + 1 = 37.');
    expect(answerPrompt('Compute (7 - 2) / 4').text).toBe('(7 - 2) / 4 = 1.25.');
    expect(evaluateArithmetic('1 / 0')).toBe(Number.POSITIVE_INFINITY);
    expect(evaluateArithmetic('2 +')).toBeNull();
  });

  it('writes a story of a few hundred words for a story request', () => {
    const story = answerPrompt('Write a short story.');
    expect(story.kind).toBe('story');
    const words = story.text.split(/\s+/).length;
    expect(words).toBeGreaterThan(200);
    expect(words).toBeLessThan(500);
  });

  it('restates anything else and says what it can do', () => {
    const answer = answerPrompt('Task 17: summarise the report');
    expect(answer.kind).toBe('other');
    expect(answer.text).toContain('"Task 17: summarise the report"');
    expect(answer.text).toMatch(/capitals/);
    expect(answerPrompt('   ').text).toBe('The question was empty, so there is nothing to answer.');
  });

  it('is deterministic', () => {
    for (const prompt of ['Write a short story.', 'Hello there', 'What is 3*3?']) {
      expect(answerPrompt(prompt)).toEqual(answerPrompt(prompt));
    }
    expect(hashText('abc')).toBe(hashText('abc'));
    expect(hashText('abc')).not.toBe(hashText('abd'));
  });

  it('tokenizes into pieces that join back to the text', () => {
    const text = 'The capital of France is Paris.';
    expect(tokenize(text)).toEqual(['The', ' capital', ' of', ' France', ' is', ' Paris', '.']);
    const story = answerPrompt('Tell me a story').text;
    expect(tokenize(story).join('')).toBe(story);
  });
});
