import { relative } from 'node:path';
import type { Element } from 'hast';
import type { Data, Node, Parent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { collectCells } from '../../cells/extract.ts';
import { lessonFileLang } from '../../i18n/ui.ts';
import { prebuildCell } from '../../notebook/transform/prebuild-cell.ts';
import { cellElement, toolbarElement } from './cell-markup.ts';
import { type CellHighlighter, createCellHighlighter } from './highlight.ts';

/** Data that `mdast-util-to-hast` turns into one prebuilt hast element. */
interface PrebuiltData extends Data {
  hName: string;
  hProperties: Element['properties'];
  hChildren: Element['children'];
}

/** An mdast node standing for finished cell markup. */
export interface YieldbookCellNode extends Node {
  type: 'yieldbookCell';
  data: PrebuiltData;
}

declare module 'mdast' {
  interface RootContentMap {
    yieldbookCell: YieldbookCellNode;
  }
  interface BlockContentMap {
    yieldbookCell: YieldbookCellNode;
  }
}

function prebuilt(element: Element): YieldbookCellNode {
  return {
    type: 'yieldbookCell',
    data: { hName: element.tagName, hProperties: element.properties, hChildren: element.children },
  };
}

declare module 'vfile' {
  interface DataMap {
    /** Number of notebook cells on the page, set by {@link remarkCells}. */
    yieldbookCells: number;
  }
}

/** Options of {@link remarkCells}. */
export interface RemarkCellsOptions {
  /**
   * Highlighter for cell sources; tests pass a fake to keep Shiki out.
   * @default a Shiki highlighter with Starlight-like light and dark themes
   */
  highlight?: CellHighlighter;
}

/**
 * Remark plugin: turns ```` ```ts cell ```` fences and their ```` ```output ```` blocks into the
 * notebook markup of docs/cells.md, with the notebook toolbar before the first cell.
 * Cells are validated by the same `collectCells` the headless checker uses, so a bad
 * option fails the build with `file:line: …`.
 *
 * Sets `file.data.yieldbookCells` to the number of cells on the page.
 */
export function remarkCells(options: RemarkCellsOptions = {}) {
  const highlight = options.highlight ?? createCellHighlighter();
  return async (tree: Root, file: VFile): Promise<void> => {
    // Errors name the lesson relative to the project, as authors see it in their editor.
    const shown = file.path ? relative(file.cwd, file.path).split('\\').join('/') : '<unknown>';
    const cells = collectCells(tree, shown);
    file.data.yieldbookCells = cells.length;
    if (cells.length === 0) return;

    // A lesson under content/lessons/ja/ gets the notebook's words in Japanese.
    const lang = lessonFileLang(shown);
    const rendered = await Promise.all(
      cells.map(async ({ spec }) =>
        cellElement(spec, await highlight(spec.source), prebuildCell(spec.source, spec.id), lang),
      ),
    );
    for (const [index, cell] of cells.entries()) {
      const element = rendered[index];
      if (element === undefined) continue;
      const siblings: Parent['children'] = cell.parent.children;
      const at = siblings.indexOf(cell.node);
      const replacement =
        index === 0 ? [prebuilt(toolbarElement(lang)), prebuilt(element)] : [prebuilt(element)];
      siblings.splice(at, cell.outputNode === null ? 1 : 2, ...replacement);
    }
  };
}
