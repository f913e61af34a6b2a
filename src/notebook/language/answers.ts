/**
 * TypeScript's answers in the protocol's shapes: plain text and cell offsets.
 * Worker side; `ts` is passed in so Node tests use the same code.
 */
import type * as TS from 'typescript';
import type { CellDiagnostic, CompletionList, QuickInfo, SignatureHelp } from './protocol.ts';

/** Maps a position of the page program back into a cell (null: outside it). */
export type ToCell = (programPos: number) => number | null;

/** A diagnostic's message with its chain flattened, each level indented two spaces more. */
export function flattenMessage(ts: typeof TS, message: string | TS.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, '\n');
}

/** `error`, `warning` or `info`, from TypeScript's category. */
export function severityOf(
  ts: typeof TS,
  category: TS.DiagnosticCategory,
): CellDiagnostic['severity'] {
  if (category === ts.DiagnosticCategory.Error) return 'error';
  if (category === ts.DiagnosticCategory.Warning) return 'warning';
  return 'info';
}

/** 1-based line of `offset` in `text`. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; ) {
    line += 1;
    index = text.indexOf('\n', index + 1);
  }
  return line;
}

/** Completions at a program position, with the start of the word in cell offsets. */
export function completionsAt(
  ts: typeof TS,
  service: TS.LanguageService,
  fileName: string,
  programPos: number,
  cellPos: number,
  cellText: string,
): CompletionList | null {
  const info = service.getCompletionsAtPosition(fileName, programPos, {
    includeCompletionsWithInsertText: false,
    includeCompletionsForModuleExports: false,
  });
  if (info === undefined) return null;
  let from = cellPos;
  while (from > 0 && /[\w$]/u.test(cellText[from - 1] ?? '')) from -= 1;
  const entries = info.entries
    .filter((entry) => entry.kind !== ts.ScriptElementKind.warning)
    .map((entry) => ({ label: entry.name, kind: entry.kind, sortText: entry.sortText }));
  return { from, entries };
}

/** The type and doc comment at a program position, its span mapped into the cell. */
export function quickInfoAt(
  ts: typeof TS,
  service: TS.LanguageService,
  fileName: string,
  programPos: number,
  toCell: ToCell,
): QuickInfo | null {
  const info = service.getQuickInfoAtPosition(fileName, programPos);
  if (info === undefined) return null;
  const shown = declarationInfo(ts, service, fileName, programPos, info);
  const from = toCell(info.textSpan.start);
  const to = toCell(info.textSpan.start + info.textSpan.length);
  if (from === null || to === null) return null;
  const tags = (shown.tags ?? [])
    .map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`.trimEnd())
    .join('\n');
  const documentation = [ts.displayPartsToString(shown.documentation), tags]
    .filter(Boolean)
    .join('\n\n');
  return {
    from,
    to,
    signature: ts.displayPartsToString(shown.displayParts),
    documentation,
  };
}

/**
 * A name from a cell above reaches this cell through the page program's
 * generated import, so TypeScript calls it an alias (`(alias) count(): …
 * import count`). The reader wrote a declaration, not an import: show that.
 */
function declarationInfo(
  ts: typeof TS,
  service: TS.LanguageService,
  fileName: string,
  programPos: number,
  info: TS.QuickInfo,
): TS.QuickInfo {
  if (info.kind !== ts.ScriptElementKind.alias) return info;
  const [definition] = service.getDefinitionAtPosition(fileName, programPos) ?? [];
  if (definition === undefined || definition.fileName === fileName) return info;
  return service.getQuickInfoAtPosition(definition.fileName, definition.textSpan.start) ?? info;
}

/** Signature help at a program position. */
export function signatureHelpAt(
  ts: typeof TS,
  service: TS.LanguageService,
  fileName: string,
  programPos: number,
): SignatureHelp | null {
  const help = service.getSignatureHelpItems(fileName, programPos, undefined);
  if (help === undefined) return null;
  const signatures = help.items.map((item) => {
    const prefix = ts.displayPartsToString(item.prefixDisplayParts);
    const separator = ts.displayPartsToString(item.separatorDisplayParts);
    let label = prefix;
    let parameter: SignatureHelp['signatures'][number]['parameter'] = null;
    item.parameters.forEach((param, index) => {
      if (index > 0) label += separator;
      const text = ts.displayPartsToString(param.displayParts);
      if (index === help.argumentIndex) {
        parameter = {
          from: label.length,
          to: label.length + text.length,
          documentation: ts.displayPartsToString(param.documentation),
        };
      }
      label += text;
    });
    label += ts.displayPartsToString(item.suffixDisplayParts);
    return { label, documentation: ts.displayPartsToString(item.documentation), parameter };
  });
  return { signatures, active: help.selectedItemIndex };
}
