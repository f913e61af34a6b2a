/**
 * A model's answer cannot restyle, hide or add links to the page. The site
 * runs here against an OpenAI-compatible upstream of the test's own that
 * streams an answer holding a hostile SVG (a style sheet hiding everything,
 * a `<foreignObject>`, a link and an image on another site). Streamed with
 * `streamText`, the answer is text; drawn on purpose with `display({ svg })`,
 * it is sanitised and kept in its box.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import process from 'node:process';
import { expect, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON, ROOT } from './support/lessons.ts';
import { cell, cells, outputText, runCell, typeCode, waitForNotebook } from './support/notebook.ts';

const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="120" height="60">' +
  '<style>* { color: red; display: none } p { visibility: hidden }</style>' +
  '<foreignObject width="120" height="60"><div xmlns="http://www.w3.org/1999/xhtml"><p>planted paragraph</p><a href="https://evil.example/fo">planted link</a></div></foreignObject>' +
  '<a href="https://evil.example/" target="_blank"><text x="4" y="20">click me</text></a>' +
  '<image href="https://evil.example/x.png" width="10" height="10"/>' +
  '<circle cx="60" cy="30" r="20" fill="currentColor"/>' +
  '</svg>';

/** The answer opens with the SVG, as a model asked for a picture answers. */
const ANSWER_PARTS = [HOSTILE_SVG.slice(0, 90), HOSTILE_SVG.slice(90), '\nThat is the picture.'];
const ANSWER = ANSWER_PARTS.join('');

/** An OpenAI-compatible upstream that streams `ANSWER` to every chat request. */
function startUpstream(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
        response.writeHead(404, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({
          id: 'chatcmpl-painter',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'painter',
          choices: [{ index: 0, delta, finish_reason: finish }],
        })}\n\n`;
      response.write(chunk({ role: 'assistant', content: '' }, null));
      for (const content of ANSWER_PARTS) response.write(chunk({ content }, null));
      response.write(chunk({}, 'stop'));
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The built site (`server.mjs`) on a free port, with `upstream` as its model. */
function startSite(upstream: string): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LLM_BASE_URL: upstream,
      LLM_MODELS: 'painter',
      LLM_ACCESS: 'open',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.once('exit', (code) =>
      reject(new Error(`Expected the site to start, it exited (${code})`)),
    );
    child.stdout?.on('data', (data: Buffer) => {
      seen += data.toString();
      const match = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (match?.[1]) resolve({ origin: match[1], child });
    });
  });
}

/** What a hostile style sheet or link would change: paragraphs, their colours, links, style sheets. */
function pageLook(page: Page) {
  return page.evaluate(() => {
    const paragraphs = [...document.querySelectorAll('p')];
    const visible = paragraphs.filter((p) =>
      p.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
    );
    return {
      paragraphs: paragraphs.length,
      visibleParagraphs: visible.length,
      colours: [...new Set(visible.map((p) => getComputedStyle(p).color))].sort(),
      bodyDisplay: getComputedStyle(document.body).display,
      links: [...document.querySelectorAll('a')]
        .map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href'))
        .filter((href) => href !== null)
        .sort(),
      styleSheets: document.styleSheets.length,
    };
  });
}

let upstream: Server;
let site: { origin: string; child: ChildProcess };

test.beforeAll(async () => {
  upstream = await startUpstream();
  const { port } = upstream.address() as AddressInfo;
  site = await startSite(`http://127.0.0.1:${port}/v1`);
});

test.afterAll(async () => {
  site?.child.kill('SIGTERM');
  await new Promise((resolve) => upstream?.close(resolve));
});

/** Opens the lesson on our site, records requests to the hostile origin, and returns the first cell's id. */
async function openLesson(page: Page, hostileRequests: string[]): Promise<string> {
  page.on('request', (request) => {
    if (request.url().includes('evil.example')) hostileRequests.push(request.url());
  });
  await page.goto(`${site.origin}${INTERACTION_LESSON}`);
  await waitForNotebook(page);
  return (await cells(page).first().getAttribute('data-cell-id')) ?? '';
}

const STREAM = [
  "import { client, model, streamText } from 'yieldbook/llm';",
  'const stream = await client().chat.completions.create({',
  "  model, stream: true, messages: [{ role: 'user', content: 'Draw me a picture' }],",
  '});',
  'const answer = await streamText(stream);',
];

test('a streamed answer holding SVG is shown as text and leaves the page as it was', async ({
  page,
}) => {
  const hostile: string[] = [];
  const id = await openLesson(page, hostile);
  await typeCode(page, id, STREAM.join('\n'));
  // Taken once the editor has added its own style sheet.
  const before = await pageLook(page);
  expect(before.visibleParagraphs).toBeGreaterThan(10);
  expect(await runCell(page, id)).toBe('done');
  const output = cell(page, id).locator('[data-cell-output]');
  await expect(output.locator('[data-output-item="display"]')).toHaveCount(1);

  expect(await pageLook(page)).toEqual(before);
  expect(hostile).toEqual([]);
  expect(await outputText(cell(page, id))).toBe(ANSWER);
  await expect(output.locator('[data-output-item="display"]')).toHaveAttribute(
    'data-mime',
    'text/plain',
  );
  await expect(output.locator('[data-output-item="display"]')).toHaveText(ANSWER);
  await expect(output.locator('svg, foreignObject, style')).toHaveCount(0);
});

test('the same SVG drawn through display({ svg }) is sanitised and stays in its box', async ({
  page,
}) => {
  const hostile: string[] = [];
  const id = await openLesson(page, hostile);
  await typeCode(
    page,
    id,
    [
      ...STREAM,
      "const svg = answer.text.slice(answer.text.indexOf('<svg'), answer.text.indexOf('</svg>') + 6);",
      "const picture = display({ svg, text: 'the picture' });",
    ].join('\n'),
  );
  const before = await pageLook(page);
  expect(await runCell(page, id)).toBe('done');

  const output = cell(page, id).locator('[data-cell-output]');
  const drawn = output.locator('[data-output-item="display"][data-mime="image/svg+xml"]');
  await expect(drawn.locator('svg circle')).toHaveCount(1);
  await expect(drawn.locator('svg')).toContainText('click me');
  expect(await outputText(cell(page, id))).toBe(`${ANSWER}\nthe picture`);
  const left = await drawn.evaluate((box) => ({
    foreignObjects: document.getElementsByTagName('foreignObject').length,
    styles: box.getElementsByTagName('style').length,
    images: box.getElementsByTagName('image').length,
    attributes: [...box.querySelectorAll('svg, svg *')].flatMap((element) =>
      element.getAttributeNames().filter((name) => /href|style|class|target|^on/.test(name)),
    ),
    contain: getComputedStyle(box).contain,
  }));
  expect(left).toEqual({
    foreignObjects: 0,
    styles: 0,
    images: 1,
    attributes: [],
    contain: 'content',
  });
  expect(await pageLook(page)).toEqual(before);
  expect(hostile).toEqual([]);
});

test("drawn markup keeps its charts' names and never takes the page's ids", async ({ page }) => {
  const hostile: string[] = [];
  const id = await openLesson(page, hostile);
  await typeCode(
    page,
    id,
    [
      "import { barChart } from 'yieldbook/display';",
      "display(barChart({ a: 1, b: 2 }, { title: 'First chart' }));",
      "display(barChart({ a: 3, b: 1 }, { title: 'Second chart' }));",
      'display({ html: \'<p id="starlight__search" name="config">planted</p>\', text: \'planted\' });',
    ].join('\n'),
  );
  expect(await runCell(page, id)).toBe('done');
  const output = cell(page, id).locator('[data-cell-output]');
  await expect(output.getByRole('img', { name: /^First chart/ })).toHaveCount(1);
  await expect(output.getByRole('img', { name: /^Second chart/ })).toHaveCount(1);
  await expect(output.getByText('planted')).toBeVisible();
  expect(await page.locator('[id="starlight__search"]').count()).toBe(1);
  await expect(output.locator('[id="starlight__search"]')).toHaveCount(0);
});
