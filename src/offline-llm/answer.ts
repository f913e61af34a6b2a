/**
 * What the offline model says: plain functions of the prompt, so the same
 * question always gets the same answer, word for word. A prompt with kana is answered
 * in Japanese (answer-ja.ts), any other in English. It reads at most the first
 * `PROMPT_READ_LIMIT` characters and parses them in linear time (hand-written
 * scanners, no backtracking patterns), so no prompt can hold up the server.
 */
import {
  asksForJapaneseStory,
  japaneseArithmeticAnswer,
  japaneseCapitalAnswer,
  japaneseFallback,
} from './answer-ja.ts';
import {
  evaluateArithmetic,
  findArithmetic,
  symbolizeOperators,
  writeNumber,
} from './arithmetic.ts';
import { capitalQuestionSubject } from './capital-question.ts';
import { lookUpCapital } from './capitals.ts';
import { continuesScript, hasKana, japaneseScript } from './japanese-text.ts';
import { japaneseStory } from './story-ja.ts';
import {
  codePointLength,
  collapseSpaces,
  hasWholeWord,
  isWordPiece,
  skipSpaces,
} from './text-scan.ts';

export { evaluateArithmetic };

/**
 * How many characters of the (trimmed) question the offline model reads; the rest is
 * ignored. Far more than any question the lessons ask, small enough that reading it is cheap.
 */
export const PROMPT_READ_LIMIT = 2000;

/** Which kind of question a prompt was taken for (it also decides the pacing). */
export type AnswerKind = 'capital' | 'arithmetic' | 'story' | 'other';

/** The answer to one prompt. */
export interface OfflineAnswer {
  kind: AnswerKind;
  text: string;
}

/** 32-bit FNV-1a hash of a string: the seed of everything "random" the model does. */
export function hashText(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The most characters of one Japanese script a piece holds. Japanese has no spaces, so
 * pieces are cut where the script changes (フランス|の|首都|は|パリ|です|。) and long
 * runs of one script every few characters, as real tokenizers cut them.
 */
const JAPANESE_PIECE_LIMIT = 4;

/**
 * Where the piece of `text` starting at `start` ends: spaces, then a word, a run of one
 * Japanese script or one other character.
 */
function pieceEnd(text: string, start: number): number {
  const at = skipSpaces(text, start);
  if (at === text.length) return at;
  const script = japaneseScript(text.charCodeAt(at));
  if (script !== null) {
    let end = at + 1;
    while (
      end < text.length &&
      end - at < JAPANESE_PIECE_LIMIT &&
      continuesScript(script, text.charCodeAt(end))
    ) {
      end += 1;
    }
    return end;
  }
  if (!isWordPiece(text, at)) return at + codePointLength(text, at);
  let end = at + codePointLength(text, at);
  while (
    end < text.length &&
    isWordPiece(text, end) &&
    japaneseScript(text.charCodeAt(end)) === null
  ) {
    end += codePointLength(text, end);
  }
  return end;
}

/**
 * Splits text into the pieces the model streams and counts as tokens: a word (with the
 * spaces before it), a run of up to `JAPANESE_PIECE_LIMIT` characters of one Japanese
 * script, or one punctuation mark. Joining them gives the text back.
 */
export function tokenize(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * `tokenize(text).length` without building the pieces: prompts of up to a megabyte are
 * counted, and a million short strings would hold up the event loop.
 */
export function countTokens(text: string): number {
  let count = 0;
  for (let start = 0; start < text.length; start = pieceEnd(text, start)) count += 1;
  return count;
}

function capitalAnswer(prompt: string): OfflineAnswer | null {
  const subject = capitalQuestionSubject(prompt);
  if (subject === null) return null;
  const asked = subject.trim();
  const found = lookUpCapital(asked);
  if (found) {
    const stop = found.capital.endsWith('.') ? '' : '.';
    return { kind: 'capital', text: `The capital of ${found.country} is ${found.capital}${stop}` };
  }
  return {
    kind: 'capital',
    text: `I don't know the capital of ${asked}: the offline model only knows the capitals of common countries.`,
  };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'undefined (division by zero)';
  return writeNumber(value);
}

function arithmeticAnswer(prompt: string): OfflineAnswer | null {
  const found = findArithmetic(symbolizeOperators(prompt));
  if (found === null) return null;
  const shown = collapseSpaces(found.expression).trim();
  return { kind: 'arithmetic', text: `${shown} = ${formatNumber(found.value)}.` };
}

const STORY_WORDS = ['story', 'tale', 'fable'];

const HEROES = ['a lighthouse keeper', 'a young baker', 'an old clockmaker', 'a curious fox'];
const PLACES = ['a windy harbour town', 'a village under the mountains', 'a city of bridges'];
const OBJECTS = ['a brass key', 'a folded map', 'a silver bell', 'a jar of blue ink'];

/** A story of about three hundred words, chosen by the prompt's hash. */
function storyAnswer(prompt: string): OfflineAnswer {
  const hash = hashText(prompt);
  const hero = HEROES[hash % HEROES.length] ?? 'a traveller';
  const place = PLACES[(hash >>> 8) % PLACES.length] ?? 'a quiet town';
  const object = OBJECTS[(hash >>> 16) % OBJECTS.length] ?? 'a small box';
  const paragraphs = [
    `Once upon a time, in ${place}, there lived ${hero} who kept careful notes about everything that happened each day. The notes were short and plain, but together they told the story of the town better than any history book.`,
    `One grey morning, a parcel arrived with no name on it. Inside was ${object}, wrapped in paper that smelled of rain. There was no letter, only a line of numbers written along the edge of the paper, as if someone had been counting and had stopped in a hurry.`,
    `The numbers did not make sense at first. They were not dates and they were not prices. For three evenings the puzzle sat on the kitchen table, and each evening it looked a little less strange. On the fourth evening the pattern appeared: every number was the distance, in steps, between two doors in the old market.`,
    `So the walk began, one door after another, counting steps out loud while the shopkeepers watched and smiled. The last door led to a small courtyard where an elderly woman was waiting on a bench, as if she had known all along that someone would come.`,
    `She explained that she had once lost something important in the market and had never found it again. The numbers were her own memory of the route, written down before it faded. She had sent them out hoping that someone patient would follow them to the end.`,
    `Together they searched the courtyard and, under a loose stone by the fountain, found a tin box holding old photographs of the town. The woman laughed, wiped her eyes, and said that some things are worth waiting for, even when you cannot do the waiting yourself.`,
    `From that day on, the notes kept in ${place} had a new first line: the patient ones find what the hurried ones walk past.`,
  ];
  return { kind: 'story', text: paragraphs.join('\n\n') };
}

function quote(prompt: string): string {
  const flat = collapseSpaces(prompt).trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/**
 * The trimmed prompt, cut to `PROMPT_READ_LIMIT` characters without splitting a surrogate
 * pair. Only the part read is trimmed at the end: trimming a megabyte would copy it.
 */
function readablePart(prompt: string): string {
  const start = skipSpaces(prompt, 0);
  let end = Math.min(prompt.length, start + PROMPT_READ_LIMIT);
  if (codePointLength(prompt, end - 1) === 2) end -= 1;
  return prompt.slice(start, end).trimEnd();
}

/** The answer to a prompt with kana, in Japanese: the same kinds, in the same order. */
function japaneseAnswer(prompt: string): OfflineAnswer {
  const capital = japaneseCapitalAnswer(prompt);
  if (capital !== null) return { kind: 'capital', text: capital };
  if (asksForJapaneseStory(prompt) || hasWholeWord(prompt, STORY_WORDS)) {
    return { kind: 'story', text: japaneseStory(hashText(prompt)) };
  }
  const arithmetic = japaneseArithmeticAnswer(prompt);
  if (arithmetic !== null) return { kind: 'arithmetic', text: arithmetic };
  return { kind: 'other', text: japaneseFallback(quote(prompt)) };
}

/**
 * The offline model's answer to `prompt` (the text of the last user message), from its
 * first `PROMPT_READ_LIMIT` characters after trimming: a capital, a story or a sum, in
 * Japanese when the prompt holds kana and is no English capital question, else in English.
 */
export function answerPrompt(prompt: string): OfflineAnswer {
  const trimmed = readablePart(prompt);
  if (trimmed === '') {
    return { kind: 'other', text: 'The question was empty, so there is nothing to answer.' };
  }
  const capital = capitalAnswer(trimmed);
  if (capital) return capital;
  if (hasKana(trimmed)) return japaneseAnswer(trimmed);
  if (hasWholeWord(trimmed, STORY_WORDS)) return storyAnswer(trimmed);
  const arithmetic = arithmeticAnswer(trimmed);
  if (arithmetic) return arithmetic;
  return {
    kind: 'other',
    text: `Offline model here: I answer capitals, simple sums and story requests. You asked: "${quote(trimmed)}"`,
  };
}
