/**
 * Ids and names of untrusted markup, scoped to its display. Model HTML could otherwise take
 * the page's own ids (`#starlight__search`), or become a named property of `window` or
 * `document` (DOM clobbering). Prefixing alone, as DOMPurify's `SANITIZE_NAMED_PROPS` does,
 * would break what the markup itself refers to: a chart's `aria-labelledby`, a gradient's
 * `url(#id)`, a `#fragment` link. So every reference to an id the markup defines is
 * rewritten with it; a reference to anything else is left as it is (it names a place in the
 * page). The prefix differs for each display, so two displays never share an id either.
 */

/** Attributes holding a list of ids. */
const IDREF_ATTRIBUTES = new Set([
  'aria-activedescendant',
  'aria-controls',
  'aria-describedby',
  'aria-details',
  'aria-errormessage',
  'aria-flowto',
  'aria-labelledby',
  'aria-owns',
  'for',
  'headers',
  'list',
]);

/** `url(#id)` in an SVG paint, filter, clip-path, mask or marker; the id is group 2. */
const FRAGMENT_URL = /url\(\s*(['"]?)#([^'"()\\\s]*)\1\s*\)/gi;

let displays = 0;

/** A prefix no other display and no page id has. */
export function displayScope(): string {
  displays += 1;
  return `yb-display-${displays}-`;
}

/** Prefixes every `id` and `name` in `root` with `scope`, and the references to them. */
export function scopeIds(root: DocumentFragment | Element, scope: string): void {
  const elements = [...root.querySelectorAll('*')];
  const defined = new Set<string>();
  for (const element of elements) {
    for (const name of ['id', 'name']) {
      const value = element.getAttribute(name);
      if (value !== null) defined.add(value);
    }
  }
  const scoped = (id: string) => (defined.has(id) ? `${scope}${id}` : id);
  for (const element of elements) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name === 'id' || name === 'name') {
        attribute.value = `${scope}${value}`;
      } else if (IDREF_ATTRIBUTES.has(name)) {
        attribute.value = value.split(/\s+/).map(scoped).join(' ');
      } else if ((name === 'href' || name === 'xlink:href') && value.startsWith('#')) {
        attribute.value = `#${scoped(value.slice(1))}`;
      } else if (value.includes('#')) {
        attribute.value = value.replace(FRAGMENT_URL, (match, quote: string, id: string) =>
          defined.has(id) ? `url(${quote}#${scope}${id}${quote})` : match,
        );
      }
    }
  }
}
