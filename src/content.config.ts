import { defineCollection } from 'astro:content';
import { docsSchema } from '@astrojs/starlight/schema';
import { glob } from 'astro/loaders';
import { lessonSchema } from './schemas/lesson.ts';
import { LESSON_FILES } from './schemas/lesson-order.ts';

/**
 * Starlight only serves a collection named `docs`. Lessons live in `content/lessons/`
 * (outside `src/`), so the ids, and therefore the URLs, are `lessons/<slug>`.
 */
export const collections = {
  docs: defineCollection({
    loader: glob(LESSON_FILES),
    schema: docsSchema({ extend: lessonSchema }),
  }),
};
