import { describe, expect, it } from 'vitest';
import {
  answerPrompt,
  countTokens,
  evaluateArithmetic,
  hashText,
  PROMPT_READ_LIMIT,
  tokenize,
} from '../../../src/offline-llm/answer.ts';
import { CAPITAL_COUNT, lookUpCapital } from '../../../src/offline-llm/capitals.ts';

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

describe('offline model answers, word for word as the pattern-based parser gave them', () => {
  // Expected texts recorded from the regular-expression parser this scanner replaced:
  // the lessons' expected outputs depend on every one staying the same.
  it.each([
    ['What is the capital of France?', 'The capital of France is Paris.'],
    ['capital of peru', 'The capital of Peru is Lima.'],
    ['CAPITAL CITY OF THE COUNTRY chile?!', 'The capital of Chile is Santiago.'],
    ['What is the capital for the country japan ?', 'The capital of Japan is Tokyo.'],
    [
      'Tell me the capital of Spain please',
      "I don't know the capital of Spain please: the offline model only knows the capitals of common countries.",
    ],
    [
      "What's the capital of the country -land?",
      "I don't know the capital of the country -land: the offline model only knows the capitals of common countries.",
    ],
    [
      'capital of the country of Peru',
      "I don't know the capital of of Peru: the offline model only knows the capitals of common countries.",
    ],
    ['The capital city of USA...', 'The capital of the United States is Washington, D.C.'],
    [
      'capital of Côte d’Ivoire?',
      "I don't know the capital of Côte d’Ivoire: the offline model only knows the capitals of common countries.",
    ],
    ['capital of the  United\tKingdom !', 'The capital of the United Kingdom is London.'],
    [
      'ſcapital of France?',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "ſcapital of France?"',
    ],
    [
      'Kcapital of France',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "Kcapital of France"',
    ],
    [
      '_capital of France',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "_capital of France"',
    ],
    [
      '7capital of France',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "7capital of France"',
    ],
    [
      'capital of Frances capital of France?',
      "I don't know the capital of Frances capital of France: the offline model only knows the capitals of common countries.",
    ],
    ['capital of France 2 + 2', '2 + 2 = 4.'],
    [
      'capital cityof France',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "capital cityof France"',
    ],
    ['capital city for Italy', 'The capital of Italy is Rome.'],
    [
      'capital of ͅFrance',
      "I don't know the capital of ͅFrance: the offline model only knows the capitals of common countries.",
    ],
    ['What is 2 + 2?', '2 + 2 = 4.'],
    ['What is 12 times 3 plus 1?', '12 * 3 + 1 = 37.'],
    ['Compute (7 - 2) / 4', '(7 - 2) / 4 = 1.25.'],
    ['7 multiplied by 6', '7 * 6 = 42.'],
    ['10 divided  by 4', '10 / 4 = 2.5.'],
    ['9 minus 10 over 4', '9 - 10 / 4 = 6.5.'],
    ['3x4', '3*4 = 12.'],
    ['3 x (2+1)', '3 * (2+1) = 9.'],
    ['3 × 4 ÷ 2', '3 * 4 / 2 = 6.'],
    ['2 * -3', '2 * -3 = -6.'],
    ['-(1+2)*3', '(1+2)*3 = 9.'],
    ['--2 + 1', '2 + 1 = 3.'],
    ['1 / 0', '1 / 0 = undefined (division by zero).'],
    ['0/0 + 1', '0/0 + 1 = undefined (division by zero).'],
    ['0.1 + 0.2', '0.1 + 0.2 = 0.3.'],
    [
      '1.5.3 + 2',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "1.5.3 + 2"',
    ],
    [
      '((1+2)',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "((1+2)"',
    ],
    [
      '(1+2))',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "(1+2))"',
    ],
    [
      '2 3 + 4',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "2 3 + 4"',
    ],
    [
      'max(3) 4',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "max(3) 4"',
    ],
    ['v1.2 + 3 and 4 * 5', '1.2 + 3 = 4.2.'],
    ['What is 999999999999 * 999999999999?', '999999999999 * 999999999999 = 9.99999999998e+23.'],
    ['1+2 and 3*4', '1+2 = 3.'],
    [
      '5timesplus 2',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "5timesplus 2"',
    ],
    ['Times 3 PLUS 4', '3 + 4 = 7.'],
    ['2 Plus 2', '2 + 2 = 4.'],
    [
      'x 3',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "x 3"',
    ],
    [
      'xx3',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "xx3"',
    ],
    ['storytelling 2+2', '2+2 = 4.'],
    [
      'story_time',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "story_time"',
    ],
    [
      'capital of France story',
      "I don't know the capital of France story: the offline model only knows the capitals of common countries.",
    ],
    [
      'Hello there',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "Hello there"',
    ],
    ['   ', 'The question was empty, so there is nothing to answer.'],
    [
      'Task 17: summarise the report',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "Task 17: summarise the report"',
    ],
    [
      'a                                                  b\n\nc long words long words long words long words long words long words long words long words long words long words ',
      'Offline model here: I answer capitals, simple sums and story requests. You asked: "a b c long words long words long words long words long words long words long ..."',
    ],
  ])('answers %j', (prompt, text) => {
    expect(answerPrompt(prompt).text).toBe(text);
  });

  it.each([
    ['Write a short story.', 'a city of bridges, there lived an old clockmaker', 'a folded map'],
    ['Tell me a TALE', 'a city of bridges, there lived a young baker', 'a brass key'],
    [
      'a fable about 2 + 2',
      'a windy harbour town, there lived an old clockmaker',
      'a jar of blue ink',
    ],
  ])('tells the same story for %j', (prompt, setting, object) => {
    const [first, second] = answerPrompt(prompt).text.split('\n\n');
    expect(first).toBe(
      `Once upon a time, in ${setting} who kept careful notes about everything that happened each day. The notes were short and plain, but together they told the story of the town better than any history book.`,
    );
    expect(second).toContain(`Inside was ${object}, wrapped in`);
  });
});

describe('offline model on long and deep prompts', () => {
  it(`reads the first ${PROMPT_READ_LIMIT} characters of the trimmed prompt`, () => {
    const padding = 'a'.repeat(PROMPT_READ_LIMIT - 'What is 2 + 2?'.length);
    expect(answerPrompt(`${' '.repeat(5000)}What is 2 + 2?${padding}`).text).toBe('2 + 2 = 4.');
    expect(answerPrompt(`${padding}What is 2 + 2?`).text).toBe('2 + 2 = 4.');
    const cut = 'a'.repeat(PROMPT_READ_LIMIT - 'What is 2 +'.length);
    expect(answerPrompt(`${cut}What is 2 + 2?`).kind).toBe('other');
    expect(answerPrompt(`${'x'.repeat(5000)} What is the capital of France?`).kind).toBe('other');
  });

  it('does not split a surrogate pair where it stops reading', () => {
    // 𝐀 is a letter outside the BMP; half of one would end the name before the tail.
    const letters = '𝐀'.repeat(PROMPT_READ_LIMIT);
    expect(answerPrompt(`capital of ${letters}`).text).toBe(
      `I don't know the capital of ${'𝐀'.repeat((PROMPT_READ_LIMIT - 'capital of '.length - 1) / 2)}: the offline model only knows the capitals of common countries.`,
    );
  });

  it('evaluates deeply nested expressions without running out of stack', () => {
    const depth = 100_000;
    expect(evaluateArithmetic(`${'('.repeat(depth)}1+2${')'.repeat(depth)}*3`)).toBe(9);
    expect(evaluateArithmetic(`${'-'.repeat(depth + 1)}2`)).toBe(-2);
    expect(evaluateArithmetic('('.repeat(depth))).toBeNull();
  });

  it('evaluates with precedence, unary minus and left-to-right order', () => {
    expect(evaluateArithmetic('2 + 3 * 4 - 6 / 2')).toBe(11);
    expect(evaluateArithmetic('8 / 4 / 2')).toBe(1);
    expect(evaluateArithmetic('8 - 4 - 2')).toBe(2);
    expect(evaluateArithmetic('-2 * -(3 + 1)')).toBe(8);
    expect(evaluateArithmetic('0.1 + 0.2')).toBe(0.1 + 0.2);
    expect(Object.is(evaluateArithmetic('-0'), -0)).toBe(true);
    for (const bad of ['', '()', '1 2', '1 +', '* 2', '1.5.3', '(1', '1)', '2 ^ 3', '+1']) {
      expect(evaluateArithmetic(bad)).toBeNull();
    }
  });

  it('counts the pieces tokenize would make', () => {
    for (const text of [
      '',
      '  ',
      'The capital of France is Paris.',
      " it's  “quoted” 😀 x ",
      '((1+2',
    ]) {
      expect(countTokens(text)).toBe(tokenize(text).length);
    }
  });
});
