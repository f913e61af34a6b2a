import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createProcessor } from '@mdx-js/mdx';
import type { Element, Root as HastRoot, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { CellMarkupError } from '../../../src/cells/options.ts';
import { BOOT, CELL, TOOLBAR } from '../../../src/i18n/ui.ts';
import { createCellHighlighter } from '../../../src/integrations/cells/highlight.ts';
import { remarkCells } from '../../../src/integrations/cells/remark-cells.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

/** A stand-in for Shiki: the source in a `pre.shiki`, so goldens don't depend on theme colours. */
async function fakeHighlight(source: string): Promise<Element> {
  return {
    type: 'element',
    tagName: 'pre',
    properties: { className: ['shiki'] },
    children: [
      {
        type: 'element',
        tagName: 'code',
        properties: {},
        children: [{ type: 'text', value: source }],
      },
    ],
  };
}

/** MDX JSX (`<details>`) as plain elements, so the tree can be printed as HTML. */
function plain(nodes: RootContent[]): RootContent[] {
  return nodes.flatMap((node): RootContent[] => {
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      return [
        {
          type: 'element',
          tagName: node.name ?? 'div',
          properties: {},
          children: plain(node.children) as Element['children'],
        },
      ];
    }
    if (node.type === 'element')
      return [{ ...node, children: plain(node.children) as Element['children'] }];
    return node.type.startsWith('mdx') ? [] : [node];
  });
}

/** Runs the MDX compiler's own remark → rehype stack with the plugin and prints the hast. */
async function render(source: string, path: string, highlight = fakeHighlight): Promise<string> {
  let html = '';
  const processor = createProcessor({
    format: 'mdx',
    remarkPlugins: [[remarkCells, { highlight }]],
    rehypePlugins: [
      () => (tree: HastRoot) => {
        html = toHtml({ type: 'root', children: plain(tree.children) });
      },
    ],
  });
  // The build blanks frontmatter before MDX sees it; do the same.
  const body = source.replace(/^---\n[\s\S]*?\n---/, (block) => block.replace(/[^\n]/g, ' '));
  await processor.process({ value: body, path });
  return `${html.trim()}\n`;
}

const { UPDATE_GOLDEN } = process.env;
const updateGolden = UPDATE_GOLDEN === '1';

async function golden(name: string): Promise<void> {
  const source = await readFile(new URL(`${name}.mdx`, fixtures), 'utf8');
  const actual = await render(source, `content/lessons/${name}.mdx`);
  const expectedUrl = new URL(`${name}.html`, fixtures);
  const actualUrl = new URL(`${name}.actual.html`, fixtures);
  if (updateGolden || !existsSync(expectedUrl)) {
    await writeFile(expectedUrl, actual);
  }
  const expected = await readFile(expectedUrl, 'utf8');
  if (actual === expected) {
    await rm(actualUrl, { force: true });
  } else {
    // A diff file next to the golden one, to inspect or promote with UPDATE_GOLDEN=1.
    await writeFile(actualUrl, actual);
  }
  expect(actual).toBe(expected);
}

describe('remarkCells', () => {
  it('renders cells, toolbar and expected output (golden: basic)', () => golden('basic'));

  it('renders shape placeholders, solutions and error cells (golden: shape)', () =>
    golden('shape'));

  it("puts a predict cell's expected output in a closed <details> (golden: predict)", () =>
    golden('predict'));

  it('escapes the raw source so it cannot end its script element', async () => {
    const code = 'const a = "</script><!--\u2028";';
    const html = await render(`\`\`\`ts cell\n${code}\n\`\`\`\n`, 'a.mdx');
    const script = /<script type="application\/json" data-cell-source="">(.*?)<\/script>/s.exec(
      html,
    );
    expect(script?.[1]).toBe('"const a = \\"\\u003c/script>\\u003c!--\\u2028\\";"');
    expect(JSON.parse(script?.[1] ?? '')).toBe(code);
  });

  it("writes the notebook's words in Japanese for a lesson under content/lessons/ja/", async () => {
    const source = await readFile(new URL('shape.mdx', fixtures), 'utf8');
    const predict = await readFile(new URL('predict.mdx', fixtures), 'utf8');
    const en = await render(`${source}\n${predict}`, 'content/lessons/shape.mdx');
    const ja = await render(`${source}\n${predict}`, 'content/lessons/ja/shape.mdx');
    for (const words of [
      'aria-label="ノートブック"',
      '>すべて実行</button>',
      '>中断</button>',
      '>再起動</button>',
      '>カーネル未起動</span>',
      '>実行</button>',
      '>編集済み</span>',
      '>元に戻す</button>',
      'aria-label="セル ',
      `<summary>${CELL.ja.predictSummary}</summary>`,
      `>${CELL.ja.shapeNote}</p>`,
      `>${CELL.ja.throwsNote}</p>`,
      TOOLBAR.ja.noscript,
      `data-cell-edit-label="${BOOT.ja.codeLabel('practice')}"`,
      `data-not-isolated="${BOOT.ja.notIsolated}"`,
      `data-could-not-run="${BOOT.ja.couldNotRun}"`,
    ]) {
      expect(ja).toContain(words);
    }
    for (const words of [
      'Run all',
      'Interrupt',
      'Restart',
      '>Run<',
      'Revert',
      'aria-label="Cell ',
    ]) {
      expect(ja).not.toContain(words);
      expect(en).toContain(words);
    }
    // Only the page's own words differ: code, expected output and attributes are the same.
    const skeleton = (html: string) =>
      html
        .replace(/>[^<]*</gu, '><')
        .replace(
          /(aria-label|data-cell-edit-label|data-not-isolated|data-could-not-run)="[^"]*"/gu,
          '$1',
        );
    expect(skeleton(ja)).toBe(skeleton(en));
  });

  it('puts the toolbar only before the first cell', async () => {
    const html = await render('Intro.\n\n```ts cell\n1;\n```\n\n```ts cell\n2;\n```\n', 'a.mdx');
    expect(html.match(/data-notebook-toolbar/g)).toHaveLength(1);
    expect(html.indexOf('data-notebook-toolbar')).toBeLessThan(
      html.indexOf('data-cell-id="cell-1"'),
    );
  });

  it('leaves pages without cells untouched', async () => {
    const html = await render('# Title\n\n```ts\nconst a = 1;\n```\n', 'a.mdx');
    expect(html).toBe(
      '<h1>Title</h1>\n<pre><code class="language-ts">const a = 1;\n</code></pre>\n',
    );
  });

  it('fails with file:line for a stray output block', async () => {
    const error = await render('Text.\n\n```output\n1\n```\n', 'content/lessons/x.mdx').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CellMarkupError);
    expect((error as Error).message).toMatch(
      /^content\/lessons\/x\.mdx:3: ```output block must come directly after/,
    );
  });

  it('highlights with Shiki in both themes, keeping one line per source line', async () => {
    const html = await render(
      '```ts cell\nconst a = 1;\nconsole.log(a);\n```\n',
      'a.mdx',
      createCellHighlighter(),
    );
    expect(html).toMatch(
      /<pre class="shiki yb-cell__pre" style="[^"]*--shiki-light:[^"]*--shiki-dark:/,
    );
    expect(html).not.toMatch(/<pre[^>]*tabindex/);
    expect(html.match(/<span class="line">/g)).toHaveLength(2);
    expect(html).toContain('</span>\n<span class="line">');
  });
});
