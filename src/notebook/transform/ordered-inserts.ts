import type MagicString from 'magic-string';

interface Insert {
  offset: number;
  text: string;
  /** Nesting depth of the construct the text belongs to (deeper: more inner). */
  depth: number;
  closing: boolean;
  order: number;
}

/**
 * Collects text to insert around AST nodes and applies it in an order that
 * keeps wrappers balanced when several meet at one offset: closers before
 * openers, inner closers before outer ones, outer openers before inner ones.
 * Collecting first makes the walk order irrelevant.
 */
export class OrderedInserts {
  readonly #inserts: Insert[] = [];

  /** Text that opens a wrapper at `offset` (`__yb.resume(`). */
  open(offset: number, text: string, depth: number): void {
    this.#inserts.push({ offset, text, depth, closing: false, order: this.#inserts.length });
  }

  /** Text that closes a wrapper at `offset` (`)`). */
  close(offset: number, text: string, depth: number): void {
    this.#inserts.push({ offset, text, depth, closing: true, order: this.#inserts.length });
  }

  /** Writes every insert into `target`; call after every removal and overwrite. */
  applyTo(target: MagicString): void {
    this.#inserts.sort(compareInserts);
    for (const insert of this.#inserts) target.appendLeft(insert.offset, insert.text);
  }
}

function compareInserts(a: Insert, b: Insert): number {
  if (a.offset !== b.offset) return a.offset - b.offset;
  if (a.closing !== b.closing) return a.closing ? -1 : 1;
  if (a.depth !== b.depth) return a.closing ? b.depth - a.depth : a.depth - b.depth;
  return a.order - b.order;
}
