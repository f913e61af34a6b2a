import { DISPLAY_HOOK, nextDisplayId, openEmitter } from './hook.ts';

/** Options of `liveText`. */
export interface LiveTextOptions {
  /** Minimum time between two redraws while text keeps arriving. @default 50 */
  intervalMs?: number;
}

/** Text shown in one output item that grows in place. */
export interface LiveText {
  /** Everything written so far. */
  readonly text: string;
  /** Adds `chunk` at the end; the item is redrawn at most every `intervalMs`. */
  write(chunk: string): void;
  /** Draws the whole text now. Call it when the last chunk has arrived. */
  end(): void;
}

/**
 * One output item that grows as text arrives, for streamed answers:
 * `console.log` prints whole lines, this shows the words as they come.
 * The text is always shown as text, even when it holds SVG or HTML.
 * Redraws are throttled, and a pending redraw always happens, so the item
 * ends up showing all the text even if `end()` is forgotten. In plain Node,
 * with no kernel to redraw anything, the text is printed once at `end()`.
 *
 * @example
 * const live = liveText();
 * for await (const chunk of stream) live.write(chunk.choices[0]?.delta.content ?? '');
 * live.end();
 */
export function liveText(options: LiveTextOptions = {}): LiveText {
  const { intervalMs = 50 } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new TypeError(
      `Expected \`intervalMs\` to be a non-negative number, got ${String(intervalMs)}`,
    );
  }
  const sink = DISPLAY_HOOK in globalThis ? redrawnInPlace(intervalMs) : printedAtEnd();
  let text = '';
  return {
    get text() {
      return text;
    },
    write(chunk: string) {
      if (typeof chunk !== 'string') {
        throw new TypeError(`Expected \`chunk\` to be a string, got ${typeof chunk}`);
      }
      text += chunk;
      sink.grew(text);
    },
    end() {
      sink.end(text);
    },
  };
}

/** Where the growing text goes: told after each write and at the end. */
interface Sink {
  grew(text: string): void;
  end(text: string): void;
}

/**
 * In a kernel: one display item, redrawn at most every `intervalMs`, a pending
 * redraw always done. The item is `text/plain` by construction, not by what
 * `display` makes of a string: a streamed answer is shown as text, markup included.
 */
function redrawnInPlace(intervalMs: number): Sink {
  const emit = openEmitter();
  const displayId = nextDisplayId();
  const show = (text: string, update: boolean) =>
    emit(displayId, update, { mime: 'text/plain', text });
  show('', false);
  let latest = '';
  let shown = '';
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    last = Date.now();
    if (latest === shown) return;
    shown = latest;
    show(latest, true);
  };
  return {
    grew(text) {
      latest = text;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) draw();
      else timer ??= setTimeout(draw, wait);
    },
    end(text) {
      latest = text;
      draw();
    },
  };
}

/** Outside a kernel (plain Node) nothing redraws in place: the text is printed once, at `end()`. */
function printedAtEnd(): Sink {
  let ended = false;
  return {
    grew() {},
    end(text) {
      if (ended) return;
      ended = true;
      console.log(text);
    },
  };
}
