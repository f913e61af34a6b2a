/**
 * Course order: the sidebar and the home page list the lessons in the order of their
 * frontmatter `order` (src/schemas/lesson-order.ts), the one place it is written, in both
 * editions (docs/i18n.md).
 */
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Edition } from '../../src/i18n/locales.ts';
import { lessonsInOrder } from '../../src/integrations/lessons-in-order.ts';
import { ROOT } from './support/lessons.ts';

const editions: { edition: Edition; home: string; glossary: string }[] = [
  { edition: 'root', home: '/', glossary: '/glossary/' },
  { edition: 'ja', home: '/ja/', glossary: '/ja/glossary/' },
];

for (const { edition, home, glossary } of editions) {
  const paths = lessonsInOrder(pathToFileURL(`${ROOT}/`), edition).map(
    (lesson) => `/${lesson.id}/`,
  );

  test(`${home}: the sidebar lists the lessons in frontmatter order, then the glossary`, async ({
    page,
  }) => {
    expect(paths.length).toBeGreaterThan(1);
    await page.goto(paths.at(-1) ?? home);
    const links = page.locator('#starlight__sidebar a');
    expect(await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')))).toEqual([
      ...paths,
      glossary,
    ]);
  });

  test(`${home}: the home page lists the lessons in frontmatter order`, async ({ page }) => {
    await page.goto(home);
    const links = page.locator('.yb-lessons__title');
    expect(await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')))).toEqual(
      paths,
    );
  });
}
