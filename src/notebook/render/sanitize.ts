import type { DOMPurify } from 'dompurify';

let purifier: Promise<DOMPurify> | undefined;

/** DOMPurify, imported the first time rich markup arrives (most cells never need it). */
function loadPurifier(): Promise<DOMPurify> {
  purifier ??= import('dompurify').then((module) => module.default);
  return purifier;
}

/** Cell HTML is untrusted: scripts, handlers and `javascript:` URLs are removed. */
export async function sanitizeHtml(html: string): Promise<DocumentFragment> {
  const purify = await loadPurifier();
  return purify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
}

/** Same for SVG, limited to SVG elements so it cannot smuggle HTML in. */
export async function sanitizeSvg(svg: string): Promise<DocumentFragment> {
  const purify = await loadPurifier();
  return purify.sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true },
    RETURN_DOM_FRAGMENT: true,
  });
}
