/**
 * Course order: the sidebar and the home page list the lessons in the order of their
 * frontmatter `order` (src/schemas/lesson-order.ts), the one place it is written.
 */
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { lessonsInOrder } from '../../src/integrations/lessons-in-order.ts';
import { ROOT } from './support/lessons.ts';

const paths = lessonsInOrder(pathToFileURL(`${ROOT}/`)).map((lesson) => `/${lesson.id}/`);

test('the sidebar lists the lessons in frontmatter order', async ({ page }) => {
  expect(paths.length).toBeGreaterThan(1);
  await page.goto(paths.at(-1) ?? '/');
  const links = page.locator('#starlight__sidebar a');
  expect(await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')))).toEqual(
    paths,
  );
});

test('the home page lists the lessons in frontmatter order', async ({ page }) => {
  await page.goto('/');
  const links = page.locator('.yb-lessons__title');
  expect(await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')))).toEqual(
    paths,
  );
});
