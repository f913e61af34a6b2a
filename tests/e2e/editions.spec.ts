/**
 * The two editions (docs/i18n.md): every English lesson has its Japanese page, each page says
 * its language, and the language picker moves between the two editions of the same lesson.
 */

import { expect, test } from '@playwright/test';
import { allLessons, japaneseTitle } from './support/lessons.ts';

const english = allLessons().filter((lesson) => lesson.edition === 'root');

test('the language picker moves between the editions of a lesson', async ({ page }) => {
  await page.goto('/lessons/caching/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('starlight-lang-select select').first().selectOption({ label: '日本語' });
  await expect(page).toHaveURL(/\/ja\/lessons\/caching\/$/u);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.locator('h1')).toHaveText('Memoryで結果をキャッシュする');
  await expect(page.getByRole('navigation', { name: 'メイン' })).toContainText('レッスン');

  await page.locator('starlight-lang-select select').first().selectOption({ label: 'English' });
  await expect(page).toHaveURL(/\/lessons\/caching\/$/u);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

for (const lesson of english) {
  test(`${lesson.path}: its Japanese page is a translation, not Starlight's fallback`, async ({
    request,
  }) => {
    const response = await request.get(`/ja${lesson.path}`);
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<html lang="ja"/u);
    // Starlight serves the English page under /ja/, with a notice, when no translation exists.
    expect(html).not.toContain('このコンテンツはまだ日本語訳がありません。');
    const title = japaneseTitle(lesson.path.split('/').at(-2) ?? '').replace(
      /[.*+?^${}()|[\]\\]/gu,
      '\\$&',
    );
    expect(html).toMatch(new RegExp(`<h1 id="_top"[^>]*>${title}</h1>`, 'u'));
    // Both editions name each other for search engines.
    expect(html).toContain(`hreflang="en"`);
    expect(html).toContain(`hreflang="ja"`);
  });
}
