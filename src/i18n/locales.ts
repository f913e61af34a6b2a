/**
 * The site's editions. English is Starlight's root locale (URLs without a prefix); each
 * translation lives under its own prefix (`/ja/`), its files in a folder of the same name
 * inside each content section (`content/lessons/ja/`, `content/pages/ja/`). One list, read by
 * astro.config.mjs (Starlight's `locales`), the content ids, the sidebar, the parity check
 * and lessons:check.
 */

/** A translation's folder and URL prefix. */
export type Translation = 'ja';

/** The translations, in the order the language picker lists them after English. */
export const TRANSLATIONS: readonly Translation[] = ['ja'];

/** Starlight's `locales`: the label the picker shows and the page's `lang`. */
export const STARLIGHT_LOCALES = {
  root: { label: 'English', lang: 'en' },
  ja: { label: '日本語', lang: 'ja' },
} as const;

/** An edition: `root` (English) or a translation. */
export type Edition = 'root' | Translation;

/** The `lang` of an edition's pages. */
export function langOf(edition: Edition): string {
  return STARLIGHT_LOCALES[edition].lang;
}

function isTranslation(segment: string | undefined): segment is Translation {
  return TRANSLATIONS.some((translation) => translation === segment);
}

/** Where a content file belongs: its edition and its path inside the edition. */
export interface ContentPlace {
  readonly edition: Edition;
  /** The section (`lessons`, `pages`). */
  readonly section: string;
  /** The file's path inside its section and edition, without the extension, e.g. `generators`. */
  readonly name: string;
}

/**
 * Splits a content path (relative to `content/`, e.g. `lessons/ja/generators.mdx`) into its
 * section, edition and name.
 *
 * @example
 * contentPlace('lessons/ja/generators.mdx'); // { edition: 'ja', section: 'lessons', name: 'generators' }
 */
export function contentPlace(path: string): ContentPlace {
  const [section = '', ...rest] = path
    .split('\\')
    .join('/')
    .replace(/\.[^./]+$/u, '')
    .replace(/\/index$/u, '')
    .split('/');
  const edition = isTranslation(rest[0]) ? rest[0] : 'root';
  const name = (edition === 'root' ? rest : rest.slice(1)).join('/');
  return { edition, section, name };
}

/**
 * The collection id of a content file, which Starlight routes to `/<id>/` and reads the
 * locale from: lessons keep their section (`lessons/generators`, `ja/lessons/generators`);
 * pages sit at the top (`glossary`, `ja/glossary`). A frontmatter `slug` replaces the path
 * inside the edition.
 *
 * @example
 * contentId('lessons/ja/caching.mdx'); // 'ja/lessons/caching'
 * contentId('pages/glossary.mdx'); // 'glossary'
 */
export function contentId(path: string, slug?: unknown): string {
  const { edition, section, name } = contentPlace(path);
  const inEdition =
    typeof slug === 'string' && slug !== ''
      ? slug
      : section === 'pages'
        ? name
        : `${section}/${name}`;
  return edition === 'root' ? inEdition : `${edition}/${inEdition}`;
}

/** The edition of a collection id or a URL path (`ja/lessons/x`, `/ja/lessons/x/`). */
export function editionOfId(id: string): Edition {
  const first = id.replace(/^\/+/u, '').split('/')[0];
  return isTranslation(first) ? first : 'root';
}
