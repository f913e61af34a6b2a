import { describe, expect, it } from 'vitest';
import {
  contentId,
  contentPlace,
  editionOfId,
  langOf,
  STARLIGHT_LOCALES,
  TRANSLATIONS,
} from '../../../src/i18n/locales.ts';

describe('contentId', () => {
  it('keeps English lessons where they were and puts a translation under its prefix', () => {
    expect(contentId('lessons/generators.mdx')).toBe('lessons/generators');
    expect(contentId('lessons/ja/generators.mdx')).toBe('ja/lessons/generators');
    expect(contentId('lessons/nested/index.mdx')).toBe('lessons/nested');
    expect(contentId('lessons\\ja\\caching.md')).toBe('ja/lessons/caching');
  });

  it('puts pages at the top of their edition', () => {
    expect(contentId('pages/glossary.mdx')).toBe('glossary');
    expect(contentId('pages/ja/glossary.mdx')).toBe('ja/glossary');
  });

  it('lets a frontmatter slug replace the path inside the edition', () => {
    expect(contentId('lessons/renamed.mdx', 'elsewhere')).toBe('elsewhere');
    expect(contentId('lessons/ja/renamed.mdx', 'elsewhere')).toBe('ja/elsewhere');
    expect(contentId('lessons/renamed.mdx', '')).toBe('lessons/renamed');
  });

  it('treats a folder that is no translation as part of the path', () => {
    expect(contentId('lessons/jab/x.mdx')).toBe('lessons/jab/x');
    expect(contentPlace('lessons/jab/x.mdx')).toEqual({
      edition: 'root',
      section: 'lessons',
      name: 'jab/x',
    });
  });
});

describe('editionOfId', () => {
  it('reads the edition from an id or a URL path', () => {
    expect(editionOfId('ja/lessons/x')).toBe('ja');
    expect(editionOfId('/ja/lessons/x/')).toBe('ja');
    expect(editionOfId('lessons/x')).toBe('root');
    expect(editionOfId('japan/x')).toBe('root');
  });
});

describe('locales', () => {
  it('gives every translation a Starlight locale with its lang', () => {
    for (const translation of TRANSLATIONS) expect(STARLIGHT_LOCALES[translation]).toBeDefined();
    expect(langOf('root')).toBe('en');
    expect(langOf('ja')).toBe('ja');
  });
});
