import type { Config, DOMPurify, UponSanitizeAttributeHook } from 'dompurify';
import { displayScope, scopeIds } from './scope-ids.ts';

/**
 * Elements removed with what they hold, on top of DOMPurify's own list:
 * CSS (`<style>`, `<link>`), HTML inside SVG (`<foreignObject>`), animations
 * (which can rewrite a link's target after sanitising), forms, frames and
 * what DOMPurify's defaults already drop, listed so the policy reads whole.
 */
const FORBID_TAGS = [
  'style',
  'link',
  'meta',
  'base',
  'foreignobject',
  'animate',
  'animatecolor',
  'animatemotion',
  'animatetransform',
  'set',
  'mpath',
  'use',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'iframe',
  'frame',
  'object',
  'embed',
  'template',
];

/**
 * Attributes removed everywhere: `style` (CSS that could reach the page),
 * `class` (the page's own classes), `target` (a new browsing context),
 * popovers (the top layer sits above every container) and `xml:base`
 * (which would move where `#fragment` links point). SVG presentation
 * attributes (`fill`, `stroke`, `font-size`, …) stay.
 */
const FORBID_ATTR = [
  'style',
  'class',
  'target',
  'xml:base',
  'popover',
  'popovertarget',
  'popovertargetaction',
  'command',
  'commandfor',
];

/** Attributes holding a URL; each is kept only when `localUrl` allows its value. */
const URL_ATTRIBUTES = new Set([
  'href',
  'xlink:href',
  'src',
  'srcset',
  'action',
  'formaction',
  'poster',
  'background',
  'cite',
  'longdesc',
  'ping',
  'data',
  'codebase',
  'usemap',
  'lowsrc',
  'dynsrc',
]);

/** Raster images inline in the markup: they load nothing and run nothing. */
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

/** Elements whose `src` or `href` is a picture, so a raster data URL may stay. */
const IMAGE_ELEMENTS = new Set(['img', 'image', 'feimage']);

/** Attributes with free text, which the CSS check below leaves alone. */
const TEXT_ATTRIBUTES = /^(?:aria-[a-z-]+|alt|title|id|role|lang|dir)$/;

/** `url(#id)`: a paint server, filter or marker defined in the same picture. */
const FRAGMENT_URL = /url\(\s*(['"]?)#[^'"()\\\s]*\1\s*\)/gi;

/**
 * CSS that loads something or hides it behind an escape: `url(`,
 * `image-set(`, `image(`, `src(`, `element(`, `@import`, and any backslash
 * (CSS escapes can spell `url(` in other letters).
 */
const CSS_FETCH = /url\s*\(|image-set\s*\(|image\s*\(|src\s*\(|element\s*\(|@import|\\/i;

/**
 * Whether a URL attribute may stay: a `#fragment` (a place in this page or
 * the picture), or a raster data image on an image element.
 */
function localUrl(element: string, attribute: string, value: string): boolean {
  if ((attribute === 'href' || attribute === 'xlink:href') && value.startsWith('#')) return true;
  const pictureSource = attribute === 'src' || attribute === 'href' || attribute === 'xlink:href';
  return pictureSource && IMAGE_ELEMENTS.has(element) && RASTER_DATA_URL.test(value);
}

/** Drops URL attributes that point elsewhere and CSS values that would load anything. */
const keepLocalReferences: UponSanitizeAttributeHook = (node, data) => {
  const element = node.nodeName.toLowerCase();
  const name = data.attrName.toLowerCase();
  const value = data.attrValue;
  if (URL_ATTRIBUTES.has(name)) {
    if (!localUrl(element, name, value)) data.keepAttr = false;
    return;
  }
  if (TEXT_ATTRIBUTES.test(name)) return;
  if (CSS_FETCH.test(value.replace(FRAGMENT_URL, ''))) data.keepAttr = false;
};

const BASE: Config = {
  FORBID_TAGS,
  FORBID_ATTR,
  // `data-*` attributes would let markup pose as the notebook's own (`data-cell`, `data-output-item`).
  ALLOW_DATA_ATTR: false,
};

let purifier: Promise<DOMPurify> | undefined;

/**
 * An instance of DOMPurify of our own (its hooks are global to an instance),
 * imported the first time rich markup arrives (most cells never need it).
 */
function loadPurifier(): Promise<DOMPurify> {
  purifier ??= import('dompurify').then((module) => {
    const purify = module.default(window);
    purify.addHook('uponSanitizeAttribute', keepLocalReferences);
    return purify;
  });
  return purifier;
}

/** Ids and names scoped to one display, the references to them rewritten (scope-ids.ts). */
function scoped(fragment: DocumentFragment): DocumentFragment {
  scopeIds(fragment, displayScope());
  return fragment;
}

/**
 * Cell HTML is untrusted (it may come from a language model): scripts,
 * handlers, CSS, forms, frames and every reference to another page or site
 * are removed, and ids and names are scoped to the display; see docs/kernel.md.
 */
export async function sanitizeHtml(html: string): Promise<DocumentFragment> {
  const purify = await loadPurifier();
  return scoped(purify.sanitize(html, { ...BASE, RETURN_DOM_FRAGMENT: true }));
}

/** Same for SVG, limited to SVG elements so it cannot smuggle HTML in. */
export async function sanitizeSvg(svg: string): Promise<DocumentFragment> {
  const purify = await loadPurifier();
  return scoped(
    purify.sanitize(svg, {
      ...BASE,
      USE_PROFILES: { svg: true, svgFilters: true },
      // The SVG profile leaves `role` out; charts need it (`role="img"`, lists of bars).
      ADD_ATTR: ['role'],
      RETURN_DOM_FRAGMENT: true,
    }),
  );
}
