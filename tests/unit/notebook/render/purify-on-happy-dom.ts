/**
 * Two places where happy-dom departs from browsers in ways DOMPurify relies
 * on, put right for the sanitiser's tests. Install before the first
 * sanitising call: DOMPurify reads these functions when an instance is made.
 *
 * - `Node.prototype.nodeName` returns '' for every node; DOMPurify reads names
 *   through it, so every element would be nameless
 *   (https://github.com/capricorn86/happy-dom/issues/2182).
 * - `NodeIterator` has no removing steps: once DOMPurify removes the node it
 *   stands on, it loses its place and skips what follows, keeping nodes it
 *   never looked at (https://github.com/capricorn86/happy-dom/issues/1810).
 *   This iterator follows the DOM standard's `nextNode` and pre-removing steps.
 */

const iterators = new Set<LiveNodeIterator>();

/** The node after `node` in tree order within `root`, or null. */
function following(node: Node, root: Node): Node | null {
  if (node.firstChild) return node.firstChild;
  for (let at: Node | null = node; at !== null && at !== root; at = at.parentNode) {
    if (at.nextSibling) return at.nextSibling;
  }
  return null;
}

/** The last inclusive descendant of `node` in tree order. */
function lastInclusiveDescendant(node: Node): Node {
  let last = node;
  while (last.lastChild) last = last.lastChild;
  return last;
}

class LiveNodeIterator {
  readonly root: Node;
  readonly whatToShow: number;
  #reference: Node;
  #beforeReference = true;

  constructor(root: Node, whatToShow: number) {
    this.root = root;
    this.whatToShow = whatToShow;
    this.#reference = root;
    iterators.add(this);
  }

  nextNode(): Node | null {
    let node: Node | null = this.#reference;
    let before = this.#beforeReference;
    for (;;) {
      if (before) before = false;
      else {
        node = following(node, this.root);
        if (node === null) return null;
      }
      if (this.whatToShow & (1 << (node.nodeType - 1))) {
        this.#reference = node;
        this.#beforeReference = false;
        return node;
      }
    }
  }

  /** The standard's NodeIterator pre-removing steps. */
  preRemove(removed: Node): void {
    if (removed === this.root || !this.root.contains(removed)) return;
    if (!removed.contains(this.#reference)) return;
    if (this.#beforeReference) {
      let next: Node | null = removed;
      while (next !== null && next !== this.root && next.nextSibling === null) {
        next = next.parentNode;
      }
      const after = next === null || next === this.root ? null : next.nextSibling;
      if (after !== null) {
        this.#reference = after;
        return;
      }
      this.#beforeReference = false;
    }
    const previous = removed.previousSibling;
    this.#reference =
      previous === null ? (removed.parentNode as Node) : lastInclusiveDescendant(previous);
  }
}

/** The object on `target`'s prototype chain that defines `key` itself. */
function owner<T extends object>(target: T, key: keyof T): T {
  for (let proto: T | null = target; proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, key)) return proto;
  }
  throw new Error(`Expected ${String(key)} on the prototype chain`);
}

let installed = false;

/** Puts both right in the current happy-dom window; safe to call more than once. */
export function fixHappyDomForPurify(): void {
  if (installed) return;
  installed = true;

  const baseName = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeName')?.get;
  Object.defineProperty(Node.prototype, 'nodeName', {
    configurable: true,
    get(this: Node): string {
      for (let proto = Object.getPrototypeOf(this); proto !== Node.prototype; ) {
        const own = Object.getOwnPropertyDescriptor(proto, 'nodeName')?.get;
        if (own) return own.call(this);
        proto = Object.getPrototypeOf(proto);
      }
      return baseName?.call(this) ?? '';
    },
  });

  const removeChild = Node.prototype.removeChild;
  Node.prototype.removeChild = function <T extends Node>(this: Node, child: T): T {
    for (const iterator of iterators) iterator.preRemove(child);
    return removeChild.call(this, child) as T;
  };

  // happy-dom's `Document` global is a subclass per window; patch the prototype that owns the method.
  owner(document, 'createNodeIterator').createNodeIterator = function (
    this: Document,
    root: Node,
    whatToShow = 0xffffffff,
  ): NodeIterator {
    return new LiveNodeIterator(root, whatToShow) as unknown as NodeIterator;
  };
}
