/**
 * What the offline model says: plain functions of the prompt, so the same
 * question always gets the same answer, word for word.
 */
import { lookUpCapital } from './capitals.ts';

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
 * Splits text into the pieces the model streams and counts as tokens: a word
 * (with the spaces before it) or one punctuation mark. Joining them gives the text back.
 */
export function tokenize(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}'’]+|\s*[^\s\p{L}\p{N}'’]|\s+$/gu) ?? [];
}

const CAPITAL_QUESTION =
  /\bcapital(?:\s+city)?\s+(?:of|for)\s+(?:the\s+country\s+)?([\p{L}][\p{L}\s.'’-]*?)\s*[?.!]*\s*$/iu;

function capitalAnswer(prompt: string): OfflineAnswer | null {
  const match = CAPITAL_QUESTION.exec(prompt.trim());
  if (!match?.[1]) return null;
  const asked = match[1].trim();
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

const WORD_OPERATORS: readonly (readonly [RegExp, string])[] = [
  [/\bmultiplied\s+by\b/gi, '*'],
  [/\bdivided\s+by\b/gi, '/'],
  [/\btimes\b/gi, '*'],
  [/\bplus\b/gi, '+'],
  [/\bminus\b/gi, '-'],
  [/\bover\b/gi, '/'],
  [/[×x](?=\s*[\d(])/g, '*'],
  [/÷/g, '/'],
];

/** Evaluates + - * / and parentheses over decimal numbers; null when the text is not such an expression. */
export function evaluateArithmetic(expression: string): number | null {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const primary = (): number | null => {
    const token = next();
    if (token === undefined) return null;
    if (token === '-') {
      const value = primary();
      return value === null ? null : -value;
    }
    if (token === '(') {
      const value = sum();
      return next() === ')' ? value : null;
    }
    return /^\d/.test(token) ? Number(token) : null;
  };
  const product = (): number | null => {
    let value = primary();
    while (value !== null && (peek() === '*' || peek() === '/')) {
      const operator = next();
      const right = primary();
      if (right === null) return null;
      value = operator === '*' ? value * right : value / right;
    }
    return value;
  };
  const sum = (): number | null => {
    let value = product();
    while (value !== null && (peek() === '+' || peek() === '-')) {
      const operator = next();
      const right = product();
      if (right === null) return null;
      value = operator === '+' ? value + right : value - right;
    }
    return value;
  };
  const value = sum();
  return value !== null && position === tokens.length ? value : null;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'undefined (division by zero)';
  return String(Number.parseFloat(value.toPrecision(12)));
}

function arithmeticAnswer(prompt: string): OfflineAnswer | null {
  let text = prompt;
  for (const [pattern, symbol] of WORD_OPERATORS) text = text.replace(pattern, symbol);
  const candidates = text.match(/[\d(][\d\s.+\-*/()]*[\d)]/g) ?? [];
  for (const candidate of candidates) {
    if (!/\d\s*[-+*/]\s*[-(\d]/.test(candidate)) continue;
    const value = evaluateArithmetic(candidate);
    if (value === null) continue;
    const shown = candidate.replace(/\s+/g, ' ').trim();
    return { kind: 'arithmetic', text: `${shown} = ${formatNumber(value)}.` };
  }
  return null;
}

const STORY_REQUEST = /\b(?:story|tale|fable)\b/i;

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
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** The offline model's answer to `prompt` (the text of the last user message). */
export function answerPrompt(prompt: string): OfflineAnswer {
  const trimmed = prompt.trim();
  if (trimmed === '') {
    return { kind: 'other', text: 'The question was empty, so there is nothing to answer.' };
  }
  const capital = capitalAnswer(trimmed);
  if (capital) return capital;
  if (STORY_REQUEST.test(trimmed)) return storyAnswer(trimmed);
  const arithmetic = arithmeticAnswer(trimmed);
  if (arithmetic) return arithmetic;
  return {
    kind: 'other',
    text: `Offline model here: I answer capitals, simple sums and story requests. You asked: "${quote(trimmed)}"`,
  };
}
