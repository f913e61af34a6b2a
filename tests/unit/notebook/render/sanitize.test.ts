// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "disableCSSFileLoading": true, "disableJavaScriptFileLoading": true, "disableIframePageLoading": true, "handleDisabledFileLoadingAsSuccess": true } }
import { beforeAll, describe, expect, it } from 'vitest';
import { barChart } from '../../../../src/lib/display/bar-chart.ts';
import { sanitizeHtml, sanitizeSvg } from '../../../../src/notebook/render/sanitize.ts';
import { fixHappyDomForPurify } from './purify-on-happy-dom.ts';

beforeAll(fixHappyDomForPurify);

async function svg(markup: string): Promise<HTMLElement> {
  const box = document.createElement('div');
  box.append(await sanitizeSvg(markup));
  return box;
}

async function html(markup: string): Promise<HTMLElement> {
  const box = document.createElement('div');
  box.append(await sanitizeHtml(markup));
  return box;
}

/** Every attribute left in `box`, as `element attribute=value`. */
function attributes(box: Element): string[] {
  return [...box.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes].map(
      (attribute) => `${element.localName} ${attribute.name}=${attribute.value}`,
    ),
  );
}

/** `attributes(box)` with the display's scope taken off ids and references (scope-ids.ts). */
const unscoped = (box: Element) =>
  attributes(box).map((line) => line.replace(/yb-display-\d+-/g, ''));

const SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">';

/**
 * happy-dom's parser drops everything after a `<style>` or `<script>` inside
 * `<svg>`, so the style sheet comes last here and scripts are left to DOMPurify's
 * own tests; tests/e2e/display-safety.spec.ts holds Chromium to the same rules
 * with the style sheet first.
 */
const HOSTILE_SVG =
  `${SVG_OPEN}` +
  '<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml"><p>inside</p><a href="https://evil.example/fo">fo</a></div></foreignObject>' +
  '<a href="https://evil.example/" target="_blank"><text x="1" y="10">visit</text></a>' +
  '<a xlink:href="javascript:alert(1)"><text>js</text></a>' +
  '<image href="https://evil.example/x.png" width="10" height="10"/>' +
  '<image xlink:href="//evil.example/y.png"/>' +
  '<use href="https://evil.example/sprite.svg#icon"/>' +
  '<filter id="f"><feImage href="https://evil.example/z.png"/></filter>' +
  '<rect width="10" height="10" onclick="alert(1)" onload="alert(2)" style="position:fixed;inset:0" class="yb-cell" data-cell="fake" data-output-item="stream" fill="url(https://evil.example/p.svg#g)" stroke="u\\72l(https://evil.example/q)" cursor="url(https://evil.example/c.png), auto"/>' +
  '<circle r="5" filter="url( \'https://evil.example/f.svg#x\' )" mask="image-set(&quot;https://evil.example/m.png&quot; 1x)"/>' +
  '<a><animate attributeName="href" values="https://evil.example/"/><set attributeName="href" to="https://evil.example/"/><animateMotion dur="1s"><mpath href="https://evil.example/path"/></animateMotion><text>animated</text></a>' +
  '<style>* { color: red; display: none } @import url(https://evil.example/a.css);</style>' +
  '</svg>';

describe('sanitizeSvg', () => {
  it('removes CSS, HTML islands, scripts and handlers', async () => {
    const box = await svg(HOSTILE_SVG);
    expect(box.querySelector('svg')).not.toBeNull();
    for (const tag of ['style', 'foreignObject', 'foreignobject', 'script', 'div', 'p']) {
      expect(box.getElementsByTagName(tag)).toHaveLength(0);
    }
    expect(box.textContent).not.toContain('color: red');
    expect(box.textContent).not.toContain('inside');
    expect(box.textContent).not.toContain('alert');
    const left = attributes(box).join('\n');
    for (const name of ['style=', 'class=', 'onclick=', 'onload=', 'data-', 'target=', 'cursor=']) {
      expect(left).not.toContain(name);
    }
  });

  it('removes every reference to another origin', async () => {
    const box = await svg(HOSTILE_SVG);
    const left = attributes(box).join('\n');
    expect(left).not.toMatch(/evil|javascript|image-set|url\(|\\/i);
    for (const tag of ['use', 'animate', 'set', 'animateMotion', 'animatemotion', 'mpath']) {
      expect(box.getElementsByTagName(tag)).toHaveLength(0);
    }
    // What was inside a link stays, as text.
    expect(box.textContent).toContain('visit');
    expect(box.textContent).toContain('animated');
    const links = [...box.getElementsByTagName('a')];
    expect(links).toHaveLength(3);
    expect(links.flatMap((a) => a.getAttributeNames())).toEqual([]);
  });

  it('keeps links within the picture, gradients by id and raster data images', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const box = await svg(
      `${SVG_OPEN}<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>` +
        `<rect width="10" height="10" fill="url(#g)" stroke="currentColor" opacity="0.5"/>` +
        `<a href="#part"><text id="part" font-size="11" text-anchor="middle">part</text></a>` +
        `<image href="${png}" width="1" height="1"/>` +
        `<image href="data:image/svg+xml,&lt;svg/&gt;" width="1" height="1"/></svg>`,
    );
    expect(unscoped(box)).toEqual(
      expect.arrayContaining([
        'rect fill=url(#g)',
        'rect stroke=currentColor',
        'rect opacity=0.5',
        'a href=#part',
        'text font-size=11',
        `image href=${png}`,
      ]),
    );
    expect(attributes(box).join('\n')).not.toContain('svg+xml');
  });

  it('keeps the charts of the course whole, their names pointing at their own title', async () => {
    const chart = barChart(
      { sync: 120, async: 35 },
      { title: 'Time', xLabel: 'mode', yLabel: 'ms' },
    );
    const original = document.createElement('div');
    original.innerHTML = chart.svg;
    const box = await svg(chart.svg);
    expect(box.querySelectorAll('*')).toHaveLength(original.querySelectorAll('*').length);
    // Ids are scoped to the display, and so are the references to them.
    expect(unscoped(box).sort()).toEqual(attributes(original).sort());
    const names = box.querySelector('svg')?.getAttribute('aria-labelledby')?.split(' ') ?? [];
    expect(names.map((id) => box.querySelector(`[id="${id}"]`)?.localName)).toEqual([
      'title',
      'desc',
    ]);
  });

  it('scopes ids to the display and rewrites what refers to them', async () => {
    const markup =
      `${SVG_OPEN}<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>` +
      `<rect width="10" height="10" fill="url(#g)" stroke="url('#g')" aria-describedby="g note"/>` +
      `<a href="#part"><text id="part">part</text></a><a href="#elsewhere"><text>page</text></a></svg>`;
    const [first, second] = [await svg(markup), await svg(markup)];
    const idOf = (box: Element, selector: string) => box.querySelector(selector)?.id ?? '';
    const gradient = idOf(first, 'linearGradient');
    expect(gradient).toMatch(/^yb-display-\d+-g$/);
    // Two displays of the same markup keep their own gradients.
    expect(idOf(second, 'linearGradient')).not.toBe(gradient);
    const rect = first.querySelector('rect');
    expect(rect?.getAttribute('fill')).toBe(`url(#${gradient})`);
    expect(rect?.getAttribute('stroke')).toBe(`url('#${gradient}')`);
    // A reference to nothing in the display is left alone: it names a place in the page.
    expect(rect?.getAttribute('aria-describedby')).toBe(`${gradient} note`);
    expect([...first.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      `#${idOf(first, 'text')}`,
      '#elsewhere',
    ]);
  });

  it('keeps HTML out of SVG', async () => {
    const box = await svg(`${SVG_OPEN}</svg><p>after</p><img src="x">`);
    expect(box.querySelector('p, img')).toBeNull();
  });
});

describe('sanitizeHtml', () => {
  it('removes style sheets, styles, classes, forms, frames and popovers', async () => {
    const box = await html(
      '<style>p { color: red }</style><link rel="stylesheet" href="https://evil.example/a.css">' +
        '<p style="position:fixed;inset:0;z-index:99" class="sl-hidden" data-cell-id="x">text</p>' +
        '<form action="https://evil.example/"><input name="q"><button formaction="https://evil.example/">go</button></form>' +
        '<iframe srcdoc="&lt;p&gt;framed&lt;/p&gt;"></iframe><object data="https://evil.example/o"></object>' +
        '<div popover id="pop">over</div><button popovertarget="pop">open</button>' +
        '<svg><style>* { display: none }</style><foreignObject><p>island</p></foreignObject></svg>' +
        '<img src="x" onerror="alert(1)"><script>alert(2)</script>',
    );
    for (const tag of ['style', 'link', 'form', 'input', 'button', 'iframe', 'object', 'script']) {
      expect(box.getElementsByTagName(tag)).toHaveLength(0);
    }
    expect(box.getElementsByTagName('foreignObject')).toHaveLength(0);
    expect(box.textContent).not.toContain('island');
    expect(box.textContent).not.toContain('color: red');
    const left = attributes(box).join('\n');
    for (const name of ['style=', 'class=', 'data-', 'popover', 'onerror', 'action']) {
      expect(left).not.toContain(name);
    }
    expect(box.querySelector('p')?.textContent).toBe('text');
  });

  it('removes links and images to anywhere but this page and data images', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const box = await html(
      '<a href="https://evil.example/" target="_blank" rel="opener">away</a>' +
        '<a href="/lessons/generators/">here</a>' +
        '<a href="javascript:alert(1)">js</a>' +
        '<a href="#answer">down</a>' +
        '<img src="https://evil.example/x.png" srcset="https://evil.example/2x.png 2x" alt="x">' +
        `<img src="${png}" alt="dot">` +
        '<video poster="https://evil.example/p.png" src="https://evil.example/v.mp4"></video>',
    );
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      null,
      null,
      null,
      '#answer',
    ]);
    expect(box.textContent).toBe('awayherejsdown');
    const left = attributes(box).join('\n');
    expect(left).not.toMatch(/evil|target|javascript|srcset|\/lessons/);
    expect(left).toContain(`img src=${png}`);
  });

  it("never takes the page's ids or names: each is scoped to the display", async () => {
    const page = document.createElement('div');
    page.id = 'starlight__search';
    document.body.append(page);
    const box = await html(
      '<div id="starlight__search">fake search</div><img name="config" alt="x">' +
        '<a href="#starlight__search">search</a><label for="starlight__search">s</label>',
    );
    expect(document.querySelectorAll('[id="starlight__search"]')).toHaveLength(1);
    const id = box.querySelector('div')?.id ?? '';
    expect(id).toMatch(/^yb-display-\d+-starlight__search$/);
    expect(box.querySelector('img')?.getAttribute('name')).toMatch(/^yb-display-\d+-config$/);
    expect(box.querySelector('a')?.getAttribute('href')).toBe(`#${id}`);
    expect(box.querySelector('label')?.getAttribute('for')).toBe(id);
    page.remove();
  });

  it('keeps plain rich text', async () => {
    const box = await html('<small>Answered by <code>yieldbook-offline</code></small>');
    expect(box.innerHTML).toBe('<small>Answered by <code>yieldbook-offline</code></small>');
  });
});
