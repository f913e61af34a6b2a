import { z } from 'astro/zod';

/** Whether a lesson can be read and run yet. */
const LESSON_STATUSES = ['ready', 'planned'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function got(input: unknown): string {
  return input === undefined ? 'nothing' : JSON.stringify(input);
}

/** A frontmatter error in the project's one style: ``Expected `x` to be …, got …``. */
function expected(field: string, what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      `Expected \`${field}\` to be ${what}, got ${got(issue.input)}`,
  };
}

/** The range of `minutes`: more than 90 is more than one sitting, and the lesson should be split. */
const MINUTES = { min: 5, max: 90 } as const;
const MINUTES_RULE = `a whole number of minutes from ${MINUTES.min} to ${MINUTES.max} (the time to read the lesson and run its cells)`;

/**
 * Lesson frontmatter, added to Starlight's docs schema (which already owns `title`).
 * A page with an `order` is a lesson and must also give `summary`, `status` and `minutes`.
 *
 * @example
 * ---
 * title: Generators
 * description: Functions that pause at each yield.
 * order: 1
 * summary: function*, next(), for…of, and lazy pipelines.
 * status: ready
 * minutes: 40
 * ---
 */
export const lessonSchema = z
  .object({
    /** One sentence for search engines and link previews; required so no lesson ships without one. */
    description: z
      .string(expected('description', 'a one-sentence string'))
      .min(1, expected('description', 'a non-empty string')),
    /**
     * Position in the course, a whole number from 1, the rule of `orderLessons`
     * (lesson-order.ts). That rule also requires it of every lesson; it is optional here
     * because Starlight validates the home page, which is no lesson, with this schema.
     */
    order: z
      .int(expected('order', 'a whole number from 1 (its place in the course)'))
      .min(1, expected('order', 'a whole number from 1 (its place in the course)'))
      .optional(),
    /** What the reader will learn, one or two sentences; shown on the home page. */
    summary: z
      .string(expected('summary', 'a short string'))
      .min(1, expected('summary', 'a non-empty string'))
      .optional(),
    /** Overrides the URL slug (kebab-case); by default the file name. */
    slug: z
      .string(expected('slug', 'a kebab-case string'))
      .regex(KEBAB_CASE, expected('slug', 'kebab-case such as `token-packing`'))
      .optional(),
    /**
     * `planned` lessons show an outline only and have no cells yet. Required of every lesson;
     * optional for pages that are no lesson (the glossary).
     */
    status: z.enum(LESSON_STATUSES, expected('status', '"ready" or "planned"')).optional(),
    /**
     * About how long the lesson takes to read and run, shown at its top and on the home page.
     * Required of every lesson (a page with an `order`); optional for the home page.
     */
    minutes: z
      .int(expected('minutes', MINUTES_RULE))
      .min(MINUTES.min, expected('minutes', MINUTES_RULE))
      .max(MINUTES.max, expected('minutes', MINUTES_RULE))
      .optional(),
    /**
     * Refused: each lesson's "From Python" box is where the mapping from Python is written;
     * a one-line copy in the frontmatter was shown nowhere and drifted from the box.
     */
    fromPython: z
      .never(expected('fromPython', 'absent (write it in the lesson\'s "From Python" box)'))
      .optional(),
  })
  .superRefine((data, context) => {
    if (data.order === undefined) return;
    const required = [
      ['minutes', MINUTES_RULE],
      ['summary', 'a short string'],
      ['status', '"ready" or "planned"'],
    ] as const;
    for (const [field, rule] of required) {
      if (data[field] !== undefined) continue;
      context.addIssue({
        code: 'custom',
        path: [field],
        input: undefined,
        message: `Expected \`${field}\` to be ${rule}, got nothing`,
      });
    }
  });

/** Lesson fields after validation. */
export type LessonData = z.infer<typeof lessonSchema>;
