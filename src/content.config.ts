import { defineCollection } from 'astro:content';
import { docsSchema } from '@astrojs/starlight/schema';
import { glob } from 'astro/loaders';
import { contentId } from './i18n/locales.ts';
import { lessonSchema } from './schemas/lesson.ts';
import { CONTENT_FILES } from './schemas/lesson-order.ts';

/**
 * Starlight only serves a collection named `docs`. Lessons live in `content/lessons/`
 * (outside `src/`), so the ids, and therefore the URLs, are `lessons/<slug>`; a translation
 * in `content/lessons/ja/` gets `ja/lessons/<slug>`, the id Starlight reads its locale from
 * (src/i18n/locales.ts). Other pages (`content/pages/`) sit at the top: `glossary`.
 */
export const collections = {
  docs: defineCollection({
    loader: glob({
      ...CONTENT_FILES,
      generateId: ({ entry, data }) => contentId(entry, data.slug),
    }),
    schema: docsSchema({ extend: lessonSchema }),
  }),
};
