/**
 * Text in joblib's formats: the 80-underscore rule, `[Memory] Calling f...`,
 * the call with its arguments, `f - 0.1s, 0.0min`.
 */
import { inspect } from 'node-inspect-extracted';
import { runtimeMember } from '../../core/cell-runtime.ts';

const RULE = 80;

/** The interrupt check the transform puts at the start of every loop body: `__yb.tick(0);`. */
const TICK_STATEMENT = new RegExp(`${runtimeMember('tick').replace('.', '\\.')}\\(0\\);\\s?`, 'g');

/** `0.1s, 0.0min` for a duration in seconds (joblib's `format_time`). */
export function formatTime(seconds: number): string {
  return `${seconds.toFixed(1)}s, ${(seconds / 60).toFixed(1)}min`;
}

/** A line of underscores ending in `text`, 80 characters in all. */
export function ruleWith(text: string): string {
  return `${'_'.repeat(Math.max(0, RULE - text.length))}${text}`;
}

/** One argument as the banner shows it: Node's inspector, large arrays abbreviated, long text cut. */
export function formatArg(value: unknown): string {
  const text = inspect(value, {
    depth: 3,
    maxArrayLength: 6,
    maxStringLength: 200,
    breakLength: RULE,
    colors: false,
  });
  return text.length > 1500 ? `${text.slice(0, 700)}...` : text;
}

/** `name(arg, arg)`, an argument moved to its own line after one longer than 80 characters. */
export function formatCall(name: string, args: readonly unknown[]): string {
  let out = '';
  let previous = 0;
  args.forEach((arg, i) => {
    const text = formatArg(arg);
    if (i > 0) out += previous > RULE ? ',\n' : ', ';
    out += text;
    previous = text.length;
  });
  return `${name}(${out})`;
}

/** The banner printed before a function runs on a miss. */
export function callingBanner(dottedId: string, name: string, args: readonly unknown[]): string {
  return `${'_'.repeat(RULE)}\n[Memory] Calling ${dottedId}...\n${formatCall(name, args)}`;
}

/**
 * A function's source as a reader wrote it. In a notebook cell, `toString()`
 * returns the kernel's transformed code, with `__yb.…` calls for interrupts and
 * awaits; those are taken out again here, for display only (change detection
 * compares the full text, which is the same for the same source).
 */
export function readableSource(source: string): string {
  const tick = runtimeMember('tick');
  let out = source;
  // `__yb.resume(await __yb.wait(x))` → `await x`
  out = unwrapCalls(out, `${runtimeMember('resume')}(await ${runtimeMember('wait')}(`, 2, 'await ');
  out = out.replaceAll(TICK_STATEMENT, '');
  out = unwrapCalls(out, `${tick}(`, 1, '');
  out = unwrapCalls(out, `${runtimeMember('iterate')}(`, 1, '');
  return out;
}

/** Replaces `<open>inner` + `depth` closing parentheses by `<prefix>inner`, with balanced scanning. */
function unwrapCalls(text: string, open: string, depth: number, prefix: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf(open, from);
    if (at < 0) return out + text.slice(from);
    let level = depth;
    let i = at + open.length;
    const start = i;
    for (; i < text.length && level > 0; i += 1) {
      const ch = text[i];
      if (ch === '(') level += 1;
      else if (ch === ')') level -= 1;
    }
    // `i` is past the last of the closing parentheses; the inner text ends `depth` before.
    let end = i;
    let closers = 0;
    while (closers < depth && end > start) {
      end -= 1;
      if (text[end] === ')') closers += 1;
    }
    out += text.slice(from, at) + prefix + unwrapCalls(text.slice(start, end), open, depth, prefix);
    from = i;
  }
}
