import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { remarkBaseLinks, withBase } from '../../../../src/integrations/links/remark-base-links.ts';

describe('withBase', () => {
  it('puts root-relative links under the base', () => {
    expect(withBase('/lessons/caching/', '/yieldbook/')).toBe('/yieldbook/lessons/caching/');
    expect(withBase('/ja/lessons/caching/#keys', '/yieldbook/')).toBe(
      '/yieldbook/ja/lessons/caching/#keys',
    );
    expect(withBase('/', '/yieldbook/')).toBe('/yieldbook/');
  });

  it('leaves other links alone', () => {
    for (const url of [
      'https://example.com/x',
      '//cdn.example.com/x',
      '#section',
      '../caching/',
      'caching/',
      '/yieldbook/lessons/x/',
      '/yieldbook',
    ]) {
      expect(withBase(url, '/yieldbook/')).toBe(url);
    }
  });
});

describe('remarkBaseLinks', () => {
  const tree = (): Root => ({
    type: 'root',
    children: [
      {
        type: 'paragraph',
        children: [
          { type: 'link', url: '/lessons/parallelism/', children: [{ type: 'text', value: 'p' }] },
          { type: 'link', url: 'https://example.com/', children: [{ type: 'text', value: 'e' }] },
        ],
      },
    ],
  });
  const urls = (root: Root) =>
    root.children.flatMap((node) =>
      node.type === 'paragraph'
        ? node.children.flatMap((child) => (child.type === 'link' ? [child.url] : []))
        : [],
    );

  it('rewrites the links of a page under a base', () => {
    const root = tree();
    remarkBaseLinks({ base: '/yieldbook' })(root);
    expect(urls(root)).toEqual(['/yieldbook/lessons/parallelism/', 'https://example.com/']);
  });

  it('changes nothing at the root', () => {
    const root = tree();
    remarkBaseLinks({ base: '/' })(root);
    expect(urls(root)).toEqual(['/lessons/parallelism/', 'https://example.com/']);
  });
});
