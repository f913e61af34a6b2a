import { CELL_ATTR } from '../../cells/markup.ts';
import type { PrebuiltCell } from '../transform/prebuilt.ts';
import { originalSource, part } from './dom.ts';
import type { EditStore } from './edit-store.ts';
import { currentSource } from './source.ts';

/** What a run of a cell sends to the kernel. */
export interface RunSource {
  /** The TypeScript the run uses (see `currentSource`). */
  code: string;
  /** The build's compilation of that code, when the cell is as the lesson wrote it. */
  prebuilt?: PrebuiltCell;
}

/**
 * The code of a run, with the build's compiled form when the reader has not
 * changed the cell: the kernel then runs it without loading the transformer.
 */
export function runSource(cell: HTMLElement, store: EditStore): RunSource {
  const code = currentSource(cell, store);
  if (code !== originalSource(cell)) return { code };
  const prebuilt = compiledOf(cell);
  return prebuilt === null ? { code } : { code, prebuilt };
}

/** The cell's `data-cell-compiled` JSON, or null when the build left none (or it is unreadable). */
export function compiledOf(cell: HTMLElement): PrebuiltCell | null {
  const script = part(cell, CELL_ATTR.compiled);
  if (script === null) return null;
  try {
    const value: unknown = JSON.parse(script.textContent || 'null');
    const { code, positions } = (value ?? {}) as Partial<PrebuiltCell>;
    return typeof code === 'string' && typeof positions === 'string' ? { code, positions } : null;
  } catch {
    return null;
  }
}
