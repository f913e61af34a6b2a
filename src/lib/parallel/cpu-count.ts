/**
 * How many logical CPUs this machine offers: `navigator.hardwareConcurrency`
 * (browsers, and Node ≥ 21), at least 1. The most useful number of workers
 * for CPU-bound work; more only take turns.
 */
export function cpuCount(): number {
  const count = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof count === 'number' && Number.isFinite(count) && count >= 1 ? Math.floor(count) : 1;
}
