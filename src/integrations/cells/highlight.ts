import { createShikiHighlighter } from '@astrojs/markdown-remark/shiki';
import { ensureColorContrastOnBackground } from '@expressive-code/core';
import type { Element } from 'hast';

/**
 * Shiki themes for cells, chosen to match Starlight's Expressive Code themes (which are
 * derived from Night Owl), so cells and ordinary code blocks look alike.
 */
const CELL_THEMES = { light: 'night-owl-light', dark: 'night-owl' } as const;

/**
 * Backgrounds of a cell's code in each theme (Starlight's `--sl-color-gray-7`, see
 * `--yb-code-bg` in cells.css), and the contrast every token keeps against them.
 * Night Owl's blues and reds fall below WCAG AA on these; Expressive Code applies the
 * same correction (5.5:1) to ordinary code blocks, so both kinds of code stay alike.
 */
const CODE_BACKGROUNDS = { light: '#f6f7f9', dark: '#17181c' } as const;
const MIN_CONTRAST = 5.5;

/** Highlights a cell's TypeScript source into a `<pre class="shiki">` element. */
export type CellHighlighter = (source: string) => Promise<Element>;

/**
 * Creates a highlighter for cell sources. Colours are emitted as `--shiki-light` and
 * `--shiki-dark` custom properties (no default colour), so the site's CSS picks one by
 * Starlight's `data-theme`.
 *
 * Shiki itself loads on the first call, not here.
 */
export function createCellHighlighter(): CellHighlighter {
  let shiki: ReturnType<typeof createShikiHighlighter> | undefined;
  return async (source) => {
    shiki ??= createShikiHighlighter({ themes: CELL_THEMES });
    const root = await (await shiki).codeToHast(source, 'ts', {
      defaultColor: false,
      transformers: [
        {
          span(node) {
            const { style } = node.properties;
            if (typeof style === 'string') {
              node.properties = { ...node.properties, style: withReadableColors(style) };
            }
          },
          pre(node) {
            // Astro's helper renames `shiki` to `astro-code`; the cell contract says `shiki`.
            // The surrounding `[data-cell-code]` is the one tab stop of a cell, so the
            // `tabindex` Shiki puts on `pre` is dropped.
            const { tabindex: _tabindex, tabIndex: _tabIndex, ...kept } = node.properties;
            node.properties = { ...kept, class: 'shiki yb-cell__pre' };
          },
        },
      ],
    });
    const [pre] = root.children;
    if (pre?.type !== 'element' || pre.tagName !== 'pre') {
      throw new Error(`Expected Shiki to return a \`pre\` element, got ${pre?.type ?? 'nothing'}`);
    }
    return pre;
  };
}

/** Rewrites `--shiki-light:#…;--shiki-dark:#…` so each colour is readable on its background. */
function withReadableColors(style: string): string {
  return style.replace(/--shiki-(light|dark):(#[0-9a-fA-F]{3,8})/g, (_match, theme, color) => {
    const background = CODE_BACKGROUNDS[theme as keyof typeof CODE_BACKGROUNDS];
    return `--shiki-${theme}:${ensureColorContrastOnBackground(color, background, MIN_CONTRAST)}`;
  });
}
