import { afterEach, describe, expect, it } from 'vitest';
import { codeTokens, editionProblems, frontmatterProblems } from '../../../src/cells/parity.ts';
import { editionParity, editionParityProblems } from '../../../src/integrations/edition-parity.ts';
import { removeContentSites, contentSite as site } from '../support/content-site.ts';

/** Cell code with a template placeholder, written `#{x}` so that it reads as code, not as a mistake. */
function t(code: string): string {
  return code.replaceAll('#{', '${');
}

/** A lesson of the given cells, each `[fence, code]`, with an output block `ok` under each. */
function lesson(cells: readonly (readonly [string, string])[], order = 1): string {
  const parts = ['---', 'title: T', `order: ${order}`, 'status: ready', '---', ''];
  for (const [fence, code] of cells) {
    parts.push(`\`\`\`ts cell ${fence}`, code, '```', '', '```output', 'ok', '```', '');
  }
  return parts.join('\n');
}

const EN = 'content/lessons/x.mdx';
const JA = 'content/lessons/ja/x.mdx';

function problems(english: string, japanese: string): string[] {
  return editionProblems({ file: EN, source: english }, { file: JA, source: japanese });
}

const english = lesson([
  [
    'id=first',
    "// Count the items.\nconst items = [1, 2, 3];\nconsole.log('items:', items.length);",
  ],
  ['id=second predict', t('const n = 2;\nconsole.log(`#{n} left`);')],
]);

describe('codeTokens', () => {
  it('keeps code and drops the text of strings, templates and comments', () => {
    const a = codeTokens(t('// note\nconsole.log(`#{n} left`, \'a\', "b");'));
    const b = codeTokens(t('// メモ\nconsole.log(`#{n} 残り`, \'甲\', "乙");'));
    expect(a.map((token) => token.text)).toEqual(b.map((token) => token.text));
    expect(a.map((token) => token.text)).toContain('n');
    expect(a.map((token) => token.text).join(' ')).not.toContain('left');
  });

  it('leaves doc comments out, as other comments', () => {
    const a = codeTokens('/** Cancels the request. */\nfunction stop(): void {}');
    const b = codeTokens('/** リクエストをキャンセルします。 */\nfunction stop(): void {}');
    expect(a.map((token) => token.text)).toEqual(b.map((token) => token.text));
    expect(a.map((token) => token.text)).toEqual([
      'function',
      'stop',
      '(',
      ')',
      ':',
      'void',
      '{',
      '}',
    ]);
  });

  it('keeps the expressions inside a template', () => {
    const a = codeTokens(t('console.log(`#{n} left`);')).map((token) => token.text);
    const b = codeTokens(t('console.log(`#{m} left`);')).map((token) => token.text);
    expect(a).not.toEqual(b);
  });
});

describe('editionProblems', () => {
  it('accepts a translation whose strings and comments differ', () => {
    const japanese = lesson([
      [
        'id=first',
        "// 項目を数えます。\nconst items = [1, 2, 3];\nconsole.log('項目:', items.length);",
      ],
      ['id=second predict', t('const n = 2;\nconsole.log(`残り#{n}`);')],
    ]);
    expect(problems(english, japanese)).toEqual([]);
  });

  it('names a cell the translation lacks and one only the translation has', () => {
    const japanese = lesson([
      ['id=first', "const items = [1, 2, 3];\nconsole.log('items:', items.length);"],
      ['id=extra', 'console.log(1);'],
    ]);
    const found = problems(english, japanese);
    expect(found).toEqual([
      `${JA}: Expected cell \`second\` (${EN}:17), got no cell with that id`,
      `${JA}:16: Expected no cell \`extra\`, which ${EN} lacks; add it to both editions or to neither`,
    ]);
  });

  it('names cells out of order', () => {
    const japanese = lesson([
      ['id=second predict', t('const n = 2;\nconsole.log(`#{n} left`);')],
      ['id=first', "const items = [1, 2, 3];\nconsole.log('items:', items.length);"],
    ]);
    expect(problems(english, japanese)).toEqual([
      `${JA}: Expected the cells in the English order (first, second), got second, first`,
    ]);
  });

  it('names a fence that differs', () => {
    const japanese = lesson([
      ['id=first', "const items = [1, 2, 3];\nconsole.log('items:', items.length);"],
      ['id=second', t('const n = 2;\nconsole.log(`#{n} left`);')],
    ]);
    expect(problems(english, japanese)).toEqual([
      `${JA}:16: Expected cell \`second\` to have the English fence (kind=code check=exact predict an output block), got kind=code check=exact an output block`,
    ]);
  });

  it('names code that differs beyond strings and comments, with both places', () => {
    const japanese = lesson([
      ['id=first', "const items = [1, 2, 4];\nconsole.log('項目:', items.length);"],
      ['id=second predict', t('const n = 2;\nconsole.log(`#{n} left`);')],
    ]);
    expect(problems(english, japanese)).toEqual([
      `${JA}:7: Expected the code of cell \`first\` to match the English cell but for strings and comments, got \`4\` (${JA}:8) where the English has \`3\` (${EN}:9)`,
    ]);
  });

  it('names a cell whose translation is cut short', () => {
    const japanese = lesson([
      ['id=first', 'const items = [1, 2, 3];'],
      ['id=second predict', t('const n = 2;\nconsole.log(`#{n} left`);')],
    ]);
    expect(problems(english, japanese)[0]).toMatch(
      /got the end of the cell where the English has `console`/u,
    );
  });
});

describe('frontmatterProblems', () => {
  it('names an order or status that differs', () => {
    expect(
      frontmatterProblems(
        { file: EN, data: { order: 2, status: 'ready' } },
        { file: JA, data: { order: 3, status: 'ready' } },
      ),
    ).toEqual([`${JA}: Expected \`order: 2\` as in ${EN}, got 3`]);
  });
});

describe('editionParityProblems', () => {
  afterEach(removeContentSites);

  it("holds for the course's own lessons: each has its Japanese edition, with the same cells", () => {
    const root = new URL('../../../', import.meta.url);
    expect(editionParityProblems(root)).toEqual([]);
  });

  it('is empty when every lesson has a matching translation', () => {
    expect(
      editionParityProblems(site({ 'lessons/x.mdx': english, 'lessons/ja/x.mdx': english })),
    ).toEqual([]);
  });

  it('names a missing translation, an orphan translation and a changed order', () => {
    const root = site({
      'lessons/x.mdx': english,
      'lessons/ja/x.mdx': lesson([], 1).replace('order: 1', 'order: 5'),
      'lessons/y.mdx': english.replace('order: 1', 'order: 2'),
      'lessons/ja/z.mdx': english,
    });
    const found = editionParityProblems(root);
    expect(found).toContain(
      'Expected content/lessons/ja/y.mdx, the ja edition of content/lessons/y.mdx, got no such file',
    );
    expect(found).toContain(
      'Expected content/lessons/z.mdx, the English lesson of content/lessons/ja/z.mdx, got no such file',
    );
    expect(found).toContain(`${JA}: Expected \`order: 1\` as in ${EN}, got 5`);
    expect(found).toContain(`${JA}: Expected cell \`first\` (${EN}:7), got no cell with that id`);
  });

  /** Runs the integration's config hook as `astro <command>` would, on a project at `root`. */
  function setUp(root: URL, command: 'build' | 'dev' | 'preview'): string[] {
    const warnings: string[] = [];
    const hook = editionParity().hooks['astro:config:setup'];
    if (hook === undefined) throw new Error('Expected the integration to have a config hook');
    const options = {
      config: { root },
      command,
      logger: { warn: (message: string) => warnings.push(message) },
    };
    // The hook reads only these three of Astro's options.
    void hook(options as unknown as Parameters<typeof hook>[0]);
    return warnings;
  }

  it('fails the build when one edition gains a cell the other lacks', () => {
    const drifted = lesson([
      ['id=first', "const items = [1, 2, 3];\nconsole.log('items:', items.length);"],
      ['id=second predict', t('const n = 2;\nconsole.log(`#{n} left`);')],
      ['id=third', 'console.log(3);'],
    ]);
    const root = site({ 'lessons/x.mdx': drifted, 'lessons/ja/x.mdx': english });
    expect(() => setUp(root, 'build')).toThrow(
      `The editions differ (docs/i18n.md):\n${JA}: Expected cell \`third\` (${EN}:25), got no cell with that id`,
    );
    expect(setUp(root, 'dev')).toEqual([
      `The editions differ (docs/i18n.md):\n${JA}: Expected cell \`third\` (${EN}:25), got no cell with that id`,
    ]);
    expect(setUp(root, 'preview')).toEqual([]);
  });

  it('lets the build go on when the editions match', () => {
    const root = site({ 'lessons/x.mdx': english, 'lessons/ja/x.mdx': english });
    expect(setUp(root, 'build')).toEqual([]);
  });
});
