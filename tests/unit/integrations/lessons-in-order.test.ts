import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lessonsInOrder } from '../../../src/integrations/lessons-in-order.ts';
import { removeContentSites, contentSite as site } from '../support/content-site.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

const page = (frontmatter: string) => `---\ntitle: A lesson\n${frontmatter}\n---\n\nText.\n`;

afterEach(removeContentSites);

describe('lessonsInOrder', () => {
  it('orders lesson files by their frontmatter and gives their collection ids', () => {
    const root = site({
      'lessons/zeta.mdx': page('order: 1'),
      'lessons/alpha.md': page('order: 3'),
      'lessons/nested/index.mdx': page('order: 2'),
      'lessons/renamed.mdx': page('order: 4\nslug: elsewhere'),
      'lessons/notes.txt': 'not a lesson',
      'other/page.mdx': page('order: 1'),
    });
    expect(lessonsInOrder(root)).toEqual([
      { file: 'content/lessons/zeta.mdx', id: 'lessons/zeta', order: 1 },
      { file: 'content/lessons/nested/index.mdx', id: 'lessons/nested', order: 2 },
      { file: 'content/lessons/alpha.md', id: 'lessons/alpha', order: 3 },
      { file: 'content/lessons/renamed.mdx', id: 'elsewhere', order: 4 },
    ]);
  });

  it('orders each edition on its own and gives the English one unless asked', () => {
    const root = site({
      'lessons/a.mdx': page('order: 1'),
      'lessons/b.mdx': page('order: 2'),
      'lessons/ja/a.mdx': page('order: 1'),
      'lessons/ja/b.mdx': page('order: 2'),
    });
    expect(lessonsInOrder(root).map((lesson) => lesson.id)).toEqual(['lessons/a', 'lessons/b']);
    expect(lessonsInOrder(root, 'ja')).toEqual([
      { file: 'content/lessons/ja/a.mdx', id: 'ja/lessons/a', order: 1 },
      { file: 'content/lessons/ja/b.mdx', id: 'ja/lessons/b', order: 2 },
    ]);
  });

  it('fails on two lessons of one translation sharing an order', () => {
    const root = site({
      'lessons/a.mdx': page('order: 1'),
      'lessons/ja/a.mdx': page('order: 1'),
      'lessons/ja/b.mdx': page('order: 1'),
    });
    expect(() => lessonsInOrder(root)).toThrow(
      'Expected each lesson to have an `order` of its own, got 1 in content/lessons/ja/a.mdx, content/lessons/ja/b.mdx',
    );
  });

  it('fails naming the lessons that share an order or have none', () => {
    const root = site({
      'lessons/a.mdx': page('order: 1'),
      'lessons/b.mdx': page('order: 1'),
      'lessons/c.mdx': page('status: ready'),
    });
    expect(() => lessonsInOrder(root)).toThrow(
      [
        'Expected `order` in content/lessons/c.mdx to be a whole number from 1 (its place in the course), got nothing',
        'Expected each lesson to have an `order` of its own, got 1 in content/lessons/a.mdx, content/lessons/b.mdx',
      ].join('\n'),
    );
  });

  it('names a lesson whose frontmatter is not YAML', () => {
    const root = site({ 'lessons/broken.mdx': '---\norder: [1\n---\n' });
    expect(() => lessonsInOrder(root)).toThrow(
      /^Expected the frontmatter of content\/lessons\/broken\.mdx to be valid YAML, got /u,
    );
  });

  it("gives the course's lessons in the order their frontmatter says", () => {
    const dir = join(ROOT, 'content', 'lessons');
    const byOrder = readdirSync(dir)
      .filter((name) => name.endsWith('.mdx'))
      // English lessons: translations sit in folders of their own.
      .map((name) => ({
        id: `lessons/${name.replace(/\.mdx$/u, '')}`,
        order: Number(/^order: (\d+)$/mu.exec(readFileSync(join(dir, name), 'utf8'))?.[1]),
      }))
      .sort((a, b) => a.order - b.order)
      .map((lesson) => lesson.id);
    expect(byOrder.length).toBeGreaterThan(0);
    expect(lessonsInOrder(pathToFileURL(`${ROOT}/`)).map((lesson) => lesson.id)).toEqual(byOrder);
  });
});
