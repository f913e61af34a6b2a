import type { KernelStatus } from './kernel-control.ts';

const LABELS: Record<KernelStatus, string> = {
  off: 'Kernel not started',
  starting: 'Kernel starting…',
  idle: 'Kernel idle',
  busy: 'Kernel busy',
  restarting: 'Kernel restarting…',
  failed: 'Kernel failed; press Restart to try again',
};

/** Shows the kernel status in `[data-kernel-status]`: the attribute and a readable text. */
export function showKernelStatus(element: HTMLElement | null, status: KernelStatus): void {
  if (element === null) return;
  element.setAttribute('data-kernel-status', status);
  element.textContent = LABELS[status];
}
