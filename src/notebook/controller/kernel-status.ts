import { KERNEL_STATUS, type Lang } from '../../i18n/ui.ts';
import type { KernelStatus } from './kernel-control.ts';

/** Shows the kernel status in `[data-kernel-status]`: the attribute and a readable text. */
export function showKernelStatus(
  element: HTMLElement | null,
  status: KernelStatus,
  lang: Lang = 'en',
): void {
  if (element === null) return;
  element.setAttribute('data-kernel-status', status);
  element.textContent = KERNEL_STATUS[lang][status];
}
