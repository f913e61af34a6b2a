/**
 * What the notice region says when the kernel was restarted or stopped
 * answering. Apart from `notices.ts` (which the page loads at once) so these
 * sentences load with the rest of the notebook, on the first interaction.
 * The words are the dictionary's (src/i18n/ui.ts); the constants are the English ones.
 */
import { type Lang, NOTICE } from '../../i18n/ui.ts';

/** Shown when Interrupt had to replace the kernel because the cell ignored it. */
export const RESTARTED_AFTER_INTERRUPT = NOTICE.en.restartedAfterInterrupt;

/** Shown after the reader pressed Restart. */
export const RESTARTED_BY_READER = NOTICE.en.restartedByReader;

/** Shown while the running kernel answers no heartbeat and makes no progress. */
export const KERNEL_UNRESPONSIVE = NOTICE.en.unresponsive;

/** Shown once a cell closed the kernel (`self.close()`). */
export const KERNEL_CLOSED_NOTICE = NOTICE.en.closed;

/** Shown when the kernel replaced itself (a timeout, a crash); `reason` is the kernel's sentence. */
export function restartedBecause(reason: string, lang: Lang = 'en'): string {
  const words = NOTICE[lang];
  return words.runEarlierAgain(reason.trim() || words.restartedFallback);
}
