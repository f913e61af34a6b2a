import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as ui from '../../../src/i18n/ui.ts';
import {
  type Dictionary,
  LANGS,
  langOfTag,
  lessonFileLang,
  pageLang,
  STYLE,
  type StyleText,
} from '../../../src/i18n/ui.ts';

/** Every part of the dictionary: its exports typed `Dictionary<…>`. */
type Part = Dictionary<Record<string, unknown>>;

function isPart(value: unknown): value is Part {
  return typeof value === 'object' && value !== null && 'en' in value && 'ja' in value;
}

const parts: [string, Part][] = Object.entries(ui).flatMap(([name, value]): [string, Part][] =>
  isPart(value) ? [[name, value]] : [],
);

/** Sample arguments for the parametrised messages, by arity. */
function said(value: unknown): unknown {
  if (typeof value !== 'function') return value;
  const args = [3, 7, 'sample'].slice(0, value.length);
  return value(...args);
}

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/u;

// A key missing in one language fails the type check (`npx tsc`), not only this file.
const incomplete: Dictionary<{ a: string; b: string }> = {
  en: { a: 'A', b: 'B' },
  // @ts-expect-error -- `ja` lacks `b`
  ja: { a: 'あ' },
};

describe('the dictionary', () => {
  it('has its parts, each with the same keys in every language', () => {
    expect(parts.map(([name]) => name).sort()).toEqual(
      [
        'ACCESS',
        'BOOT',
        'CELL',
        'EDITOR',
        'HOME',
        'KERNEL',
        'KERNEL_STATUS',
        'NOTICE',
        'OUTPUT',
        'STYLE',
        'TOOLBAR',
        'VERDICT',
      ].sort(),
    );
    expect(Object.keys(incomplete.ja)).toEqual(['a']);
    for (const [name, part] of parts) {
      const keys = Object.keys(part.en).sort();
      expect(keys.length, name).toBeGreaterThan(0);
      for (const lang of LANGS)
        expect(Object.keys(part[lang]).sort(), `${name}.${lang}`).toEqual(keys);
    }
  });

  it('says every message in both languages, Japanese in Japanese', () => {
    for (const [name, part] of parts) {
      for (const [key, value] of Object.entries(part.en)) {
        const en = said(value);
        const ja = said(part.ja[key]);
        expect(typeof ja, `${name}.${key}`).toBe(typeof en);
        if (typeof en !== 'string' || typeof ja !== 'string') continue;
        expect(en.trim(), `${name}.en.${key}`).not.toBe('');
        // The link to the other edition names it in its own language.
        if (name === 'HOME' && key.startsWith('otherEdition')) continue;
        expect(ja, `${name}.ja.${key}`).toMatch(japanese);
      }
    }
  });

  it('puts the arguments of parametrised messages into both languages', () => {
    expect(ui.CELL.ja.label('first-next')).toBe('セル first-next');
    expect(ui.KERNEL.ja.timedOut(2000)).toBe(
      'セルが 2000 ms 以内に終わらなかったため、中断しました',
    );
    expect(ui.KERNEL.en.timedOut(2000)).toBe(
      'The cell did not finish within 2000 ms and was interrupted',
    );
    expect(ui.EDITOR.ja.diagnostic(2322, 2, 'Type…')).toBe('TS2322 2 行目: Type…');
    expect(ui.HOME.ja.readiness(6, 8)).toBe(
      '全 8 レッスンのうち 6 レッスンを公開しています。残りの 2 レッスンは扱う内容だけを載せています。',
    );
    expect(ui.HOME.ja.aboutMinutes(35)).toBe('約 35 分');
  });

  it('names the buttons as the course says them', () => {
    expect(ui.TOOLBAR.ja).toMatchObject({
      runAll: 'すべて実行',
      interrupt: '中断',
      restart: '再起動',
    });
    expect(ui.CELL.ja).toMatchObject({ run: '実行', revert: '元に戻す' });
  });
});

describe('choosing the language', () => {
  it('reads a language tag: ja and its regions are Japanese, anything else English', () => {
    expect(langOfTag('ja')).toBe('ja');
    expect(langOfTag('ja-JP')).toBe('ja');
    expect(langOfTag('JA')).toBe('ja');
    expect(langOfTag('en')).toBe('en');
    expect(langOfTag('jav')).toBe('en');
    expect(langOfTag('')).toBe('en');
    expect(langOfTag(undefined)).toBe('en');
  });

  it('reads a lesson file: one under content/lessons/ja/ is Japanese', () => {
    expect(lessonFileLang('content/lessons/ja/generators.mdx')).toBe('ja');
    expect(lessonFileLang('/work/site/content/lessons/ja/generators.mdx')).toBe('ja');
    expect(lessonFileLang('content\\lessons\\ja\\generators.mdx')).toBe('ja');
    expect(lessonFileLang('content/lessons/generators.mdx')).toBe('en');
    expect(lessonFileLang('content/lessons/japan.mdx')).toBe('en');
    expect(lessonFileLang('<unknown>')).toBe('en');
  });

  it("reads a page's <html lang> from the page or any node in it", () => {
    const doc = {
      nodeType: 9,
      documentElement: { lang: 'ja' },
    } as unknown as Document;
    const node = { nodeType: 1, ownerDocument: doc } as unknown as Node;
    expect(pageLang(doc)).toBe('ja');
    expect(pageLang(node)).toBe('ja');
    expect(pageLang({ nodeType: 1, ownerDocument: null } as unknown as Node)).toBe('en');
  });
});

describe('the stylesheets', () => {
  /** Which rule writes which word of `STYLE`, by the selector before `::before`/`::after`. */
  const RULES: Record<keyof StyleText, string> = {
    queued: '.yb-cell[data-cell-status="queued"] .yb-cell__bar::after',
    running: '.yb-cell[data-cell-status="running"] .yb-cell__bar::after',
    error: '.yb-cell[data-cell-status="error"] .yb-cell__bar::after',
    interrupted: '.yb-cell[data-cell-status="interrupted"] .yb-cell__bar::after',
    exercise: '.yb-cell[data-cell-kind="exercise"] .yb-cell__bar::before',
    expectedOutput: '.yb-cell__expected::before',
    thrownLate: '.yb-cell__output [data-output-item="error"][data-late]::before',
  };

  it('write the words of STYLE in English, and in Japanese under :lang(ja)', async () => {
    const css = (
      await Promise.all(
        ['cells.css', 'output.css'].map((name) =>
          readFile(new URL(`../../../src/styles/${name}`, import.meta.url), 'utf8'),
        ),
      )
    ).join('\n');
    const contentOf = (selector: string): string[] => {
      const escaped = selector.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
      const rule = new RegExp(`(?:^|\\n)${escaped} \\{[^}]*?content: "([^"]*)"`, 'gu');
      return [...css.matchAll(rule)].map((match) => match[1] ?? '');
    };
    for (const [key, selector] of Object.entries(RULES) as [keyof StyleText, string][]) {
      expect(contentOf(selector), key).toEqual([STYLE.en[key]]);
      expect(contentOf(`:lang(ja) ${selector}`), key).toEqual([STYLE.ja[key]]);
    }
  });
});
