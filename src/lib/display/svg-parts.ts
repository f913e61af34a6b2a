/** Escapes text for SVG markup. */
export const escapeXml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** A number with at most `digits` decimals, without trailing zeros. */
export const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

let charts = 0;
const prefix = Math.random().toString(36).slice(2, 8);

/** Ids unique in the page, so several charts in one page keep their own accessible names. */
export function chartIds(): { title: string; desc: string } {
  charts += 1;
  return { title: `yb-chart-${prefix}-${charts}-t`, desc: `yb-chart-${prefix}-${charts}-d` };
}

/** Gives a chart made with the fixed ids `t` and `d` (see bar-chart.ts) ids of its own. */
export function withOwnIds(svg: string): string {
  const ids = chartIds();
  return svg
    .replace('aria-labelledby="t d"', `aria-labelledby="${ids.title} ${ids.desc}"`)
    .replace('<title id="t">', `<title id="${ids.title}">`)
    .replace('<desc id="d">', `<desc id="${ids.desc}">`);
}

/** The opening of an accessible chart: title and description read first by screen readers. */
export function svgOpen(width: number, height: number, title: string, description: string): string {
  const ids = chartIds();
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${ids.title} ${ids.desc}">` +
    `<title id="${ids.title}">${escapeXml(title)}</title><desc id="${ids.desc}">${escapeXml(description)}</desc>` +
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`
  );
}
