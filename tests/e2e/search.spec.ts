/**
 * Search (Starlight's, src/components/Search.astro): Pagefind's UI loads only when the
 * reader heads for search, never before interaction, and then finds lessons on a
 * cross-origin isolated page.
 */
import { expect, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { waitForNotebook } from './support/notebook.ts';

/** Requests for Pagefind: its UI chunk (`ui-core`, from `@pagefind/default-ui`) and its index. */
function pagefindRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/pagefind/') || pathname.includes('ui-core')) urls.push(pathname);
  });
  return urls;
}

/** Loads the lesson and lets the browser go idle, which is when Starlight would load Pagefind. */
async function settledLesson(page: Page): Promise<void> {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve())));
  await page.waitForLoadState('networkidle');
}

test('Pagefind loads on opening search, not before, and finds a lesson under COEP', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const requests = pagefindRequests(page);
  await settledLesson(page);
  expect(requests, 'Pagefind requested before any interaction').toEqual([]);
  await expect(page.locator('#starlight__search')).toBeEmpty();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await page.getByRole('button', { name: 'Search' }).click();
  const input = page.locator('#starlight__search input');
  await expect(input).toBeFocused();
  await input.fill('generator');
  const result = page.locator('.pagefind-ui__result-link').first();
  await expect(result).toHaveAttribute('href', /^\/lessons\//);
  expect(requests.some((path) => path.startsWith('/pagefind/'))).toBe(true);
  expect(errors).toEqual([]);
});

test('Ctrl+K opens search with its input focused once Pagefind has loaded', async ({ page }) => {
  const requests = pagefindRequests(page);
  await settledLesson(page);
  expect(requests).toEqual([]);

  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Search' })).toBeVisible();
  await expect(page.locator('#starlight__search input')).toBeFocused();
});

test('pointing at the search button starts loading Pagefind', async ({ page }) => {
  const requests = pagefindRequests(page);
  await settledLesson(page);
  expect(requests).toEqual([]);

  await page.getByRole('button', { name: 'Search' }).hover();
  await expect.poll(() => requests.some((path) => path.includes('ui-core'))).toBe(true);
  await expect(page.locator('#starlight__search .pagefind-ui')).toBeAttached();
});

test('on a Japanese page, a Japanese query finds the Japanese lesson', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/ja/lessons/isolates/');
  await waitForNotebook(page);
  // Starlight's own Japanese label for the search button.
  await page.getByRole('button', { name: '検索' }).click();
  const input = page.locator('#starlight__search input');
  await expect(input).toBeFocused();
  // A word of the caching lesson's Japanese text, which Pagefind's index splits into words.
  await input.fill('キャッシュ');
  const links = page.locator('.pagefind-ui__result-link');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((anchors) =>
    anchors.map((anchor) => anchor.getAttribute('href') ?? ''),
  );
  expect(hrefs).toContain('/ja/lessons/caching/');
  // Pagefind searches the index of the page's language: no English page comes back.
  expect(hrefs.filter((href) => !href.startsWith('/ja/'))).toEqual([]);
  expect(errors).toEqual([]);
});
