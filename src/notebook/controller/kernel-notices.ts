/**
 * What the notice region says when the kernel was restarted or stopped
 * answering. Apart from `notices.ts` (which the page loads at once) so these
 * sentences load with the rest of the notebook, on the first interaction.
 */

/** Shown when Interrupt had to replace the kernel because the cell ignored it. */
export const RESTARTED_AFTER_INTERRUPT =
  'The kernel was restarted because the cell did not stop in time; variables from earlier cells are gone. Run them again.';

/** Shown after the reader pressed Restart. */
export const RESTARTED_BY_READER =
  'The kernel was restarted and all outputs were cleared; variables from earlier cells are gone.';

/** Shown while the running kernel answers no heartbeat and makes no progress. */
export const KERNEL_UNRESPONSIVE =
  'The kernel has stopped answering: the running cell may be stuck where Interrupt cannot reach it, such as a promise chain that re-queues itself forever, or the kernel has died. Interrupt or Restart will start a fresh kernel; variables from earlier cells will be lost.';

/** Shown once a cell closed the kernel (`self.close()`). */
export const KERNEL_CLOSED_NOTICE =
  'A cell closed the kernel (`self.close()`), so no cell can run in it any more. Interrupt or Restart will start a fresh kernel; variables from earlier cells will be lost.';

/** Shown when the kernel replaced itself (a timeout, a crash); `reason` is the kernel's sentence. */
export function restartedBecause(reason: string): string {
  const said = reason.trim() || 'The kernel was restarted; variables from earlier cells are gone.';
  return `${said} Run the earlier cells again.`;
}
