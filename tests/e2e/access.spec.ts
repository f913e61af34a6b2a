/**
 * Classroom access in the page, against a small fake of the proxy's access contract
 * (docs/proxy.md) in front of the built site: an access link stores its token and leaves
 * the address bar, the page shows who it is signed in as and signs out, cells send the
 * token as a bearer key, and a reader without a valid token gets the offline model with a
 * note in the cell.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './support/axe.ts';
import { INTERACTION_LESSON, ROOT } from './support/lessons.ts';
import { cell, cells, outputText, runCell, typeCode, waitForNotebook } from './support/notebook.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

const PORT = Number(process.env.E2E_ACCESS_PORT ?? 4533);

/** A token shaped as the contract says; the fake accepts exactly this one. */
const TOKEN = `yb1.${Buffer.from(JSON.stringify({ sub: 'ada.l', iat: 1_790_000_000, exp: 4_102_444_800 })).toString('base64url')}.c2lnbmF0dXJl`;

/** What the fake proxy saw: `<path> <Authorization>`, in order. */
const seen: string[] = [];
/** What the fake says in `offline`. */
let offline = false;

function send(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The fake of `/api/llm/v1/*`: students-only, one valid token, an upstream model first. */
function fakeProxy(request: IncomingMessage, response: ServerResponse): boolean {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (!path.startsWith('/api/llm/v1/')) return false;
  const authorization = request.headers.authorization ?? '(none)';
  seen.push(`${path.slice('/api/llm/v1'.length)} ${authorization}`);
  const valid = authorization === `Bearer ${TOKEN}`;
  if (path.endsWith('/models')) {
    send(response, {
      object: 'list',
      data: ['paid-model', 'yieldbook-offline', 'yieldbook-offline-fast'].map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'test',
      })),
    });
  } else if (path.endsWith('/access')) {
    send(response, {
      access: 'students',
      student: valid ? 'ada.l' : null,
      expires: valid ? '2100-01-01T00:00:00.000Z' : null,
      reason: valid ? null : 'access_required',
      offline,
    });
  } else {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => {
      const { model } = JSON.parse(text) as { model: string };
      send(response, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [
          { index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' },
        ],
      });
    });
  }
  return true;
}

let server: StaticServer;

test.beforeAll(async () => {
  server = await startStaticServer(join(ROOT, 'dist', 'client'), { port: PORT, handle: fakeProxy });
});

test.afterAll(async () => {
  await server?.close();
});

test.beforeEach(() => {
  seen.length = 0;
  offline = false;
});

// The fake answers the proxy's paths itself; the service worker would otherwise make the
// page isolated first (static-site.spec.ts covers that), which these tests do not need.
test.use({ serviceWorkers: 'block' });

const ASK = [
  "import { client, model } from 'yieldbook/llm';",
  "const answer = await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });",
  'console.log(model, answer.model);',
].join('\n');

async function firstCell(page: Page): Promise<string> {
  return (await cells(page).first().getAttribute('data-cell-id')) ?? '';
}

test('an access link stores its token, leaves the address bar, and the page says who is signed in', async ({
  page,
}) => {
  await page.goto(`${server.origin}${INTERACTION_LESSON}#access=${TOKEN}`);
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.evaluate(() => localStorage.getItem('yieldbook.access'))).toBe(TOKEN);
  const status = page.locator('[data-access-status]');
  await expect(status).toBeVisible();
  await expect(status).toContainText('Signed in as ada.l until');
  await expect(status.locator('time')).toHaveAttribute('datetime', '2100-01-01T00:00:00.000Z');

  await waitForNotebook(page);
  const id = await firstCell(page);
  await typeCode(page, id, ASK);
  expect(await runCell(page, id)).toBe('done');
  expect(await outputText(cell(page, id))).toBe('paid-model paid-model');
  expect(seen).toContain(`/chat/completions Bearer ${TOKEN}`);
  expect(seen.filter((line) => line.includes('yieldbook-proxy'))).toEqual([]);
});

test('Sign out clears the token, keeps the focus, and the next client sends the placeholder key', async ({
  page,
}) => {
  await page.goto(`${server.origin}${INTERACTION_LESSON}#access=${TOKEN}`);
  await waitForNotebook(page);
  const id = await firstCell(page);
  await typeCode(page, id, ASK);
  expect(await runCell(page, id)).toBe('done');

  const signOut = page.getByRole('button', { name: 'Sign out' });
  await signOut.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Signed out.' })).toBeVisible();
  await expect(signOut).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('yieldbook.access'))).toBeNull();
  await expect(page.locator('[data-access-status]')).toBeFocused();

  seen.length = 0;
  await typeCode(page, id, ASK.split('\n').slice(1).join('\n'));
  expect(await runCell(page, id)).toBe('done');
  expect(seen).toEqual(['/chat/completions Bearer yieldbook-proxy']);
});

test('signing out in another tab updates this one', async ({ page, context }) => {
  await page.goto(`${server.origin}${INTERACTION_LESSON}#access=${TOKEN}`);
  await expect(page.locator('[data-access-signed-in]')).toBeVisible();
  const other = await context.newPage();
  await other.goto(`${server.origin}/`);
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('[data-access-signed-in]')).toBeHidden();
  await other.close();
});

test('without a valid token the offline model answers, and the cell says why and what to do', async ({
  page,
}) => {
  await page.goto(`${server.origin}${INTERACTION_LESSON}`);
  await expect(page.locator('[data-access-status]')).toBeHidden();
  await waitForNotebook(page);
  const id = await firstCell(page);
  await typeCode(page, id, ASK);
  expect(await runCell(page, id)).toBe('done');
  const text = await outputText(cell(page, id));
  expect(text).toMatch(/^Note: This page is not signed in, .*yieldbook-offline.*access link/su);
  expect(text.endsWith('yieldbook-offline yieldbook-offline')).toBe(true);
  await expect(cell(page, id).getByText('This page is not signed in')).toBeVisible();
  expect(seen).toContain('/access Bearer yieldbook-proxy');
});

test('the access status passes axe in both themes, signed in and on an offline site', async ({
  page,
}) => {
  offline = true;
  await page.goto(`${server.origin}${INTERACTION_LESSON}#access=${TOKEN}`);
  await expect(page.locator('[data-access-model]')).toBeVisible();
  await expect(page.locator('[data-access-model]')).toContainText('built-in offline one');
  for (const theme of ['light', 'dark'] as const) {
    await page.locator('starlight-theme-select select').first().selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const report = await axeViolations(page);
    expect(report.length, `axe (${theme}):\n${report.join('\n\n')}\n`).toBe(0);
  }
});
