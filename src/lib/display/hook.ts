import type { DisplayData } from '../../core/display-data.ts';

/** Emits a display item: a new one, or with `update` a replacement of the item with the same id. */
export type DisplayEmitter = (displayId: string, update: boolean, data: DisplayData) => void;

/**
 * What a kernel installs at `globalThis[DISPLAY_HOOK]`. `emitter()` is called
 * synchronously when output starts (in `display`, `progress`), so output
 * that completes later (an image encoding, a progress bar advancing) stays
 * attached to the cell that started it.
 */
export interface DisplayHook {
  emitter(): DisplayEmitter;
}

/** The well-known symbol the hook lives under (shared across bundles and realms). */
export const DISPLAY_HOOK: unique symbol = Symbol.for('yieldbook.display') as never;

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 8);

/** A display id unique within this module instance. */
export function nextDisplayId(): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * The emitter of the kernel we run in, or, in plain Node or a page without a
 * kernel, one that prints each item's text fallback with `console.log`
 * (updates are skipped so a progress bar does not flood the terminal).
 */
export function openEmitter(): DisplayEmitter {
  const hook = (globalThis as { [DISPLAY_HOOK]?: DisplayHook })[DISPLAY_HOOK];
  if (hook) return hook.emitter();
  return (_id, update, data) => {
    const finished = data.mime === 'application/vnd.yieldbook.progress+json' && data.finished;
    if (!update || finished) console.log(data.text);
  };
}
