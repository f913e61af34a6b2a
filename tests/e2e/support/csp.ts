/**
 * Content-Security-Policy violations of a page and of the workers Playwright reports. A
 * violation fires `securitypolicyviolation` on the document or on the worker's global, and
 * Chromium also logs it to the console; both are collected, the console because a worker
 * may end (a closed pool) before its events can be read.
 */
import type { ConsoleMessage, Page, Worker } from '@playwright/test';

/** Chromium's console text for a violation ("… violates the following Content Security Policy directive …"). */
const CSP_MESSAGE = /Content Security Policy/iu;

/** Where violation events are kept in each context. */
const KEY = '__cspViolations';

/** Adds a `securitypolicyviolation` listener to the global it runs in (page or worker). */
function listen(key: string): void {
  const scope = globalThis as unknown as Record<string, string[]> & EventTarget;
  if (scope[key] !== undefined) return;
  scope[key] = [];
  const target: EventTarget = typeof document === 'undefined' ? scope : document;
  target.addEventListener('securitypolicyviolation', (event) => {
    const { effectiveDirective, blockedURI, sourceFile, lineNumber } =
      event as SecurityPolicyViolationEvent;
    scope[key]?.push(
      `${effectiveDirective} blocked ${blockedURI || '(inline)'} at ${sourceFile}:${lineNumber}`,
    );
  });
}

/** Watches `page` from now on; call before `page.goto`. */
export async function watchCspViolations(page: Page): Promise<{ found(): Promise<string[]> }> {
  const logged: string[] = [];
  const workers = new Set<Worker>();
  const onConsole = (where: string) => (message: ConsoleMessage) => {
    if (CSP_MESSAGE.test(message.text())) logged.push(`${where}: ${message.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (worker) => {
    workers.add(worker);
    worker.on('console', onConsole(`worker ${worker.url()}`));
    worker.on('close', () => workers.delete(worker));
    worker.evaluate(listen, KEY).catch(() => {});
  });
  await page.addInitScript(listen, KEY);

  const stored = (key: string) => (globalThis as unknown as Record<string, string[]>)[key] ?? [];
  const label = (where: string) => (events: string[]) =>
    events.map((event) => `${where}: ${event}`);
  return {
    async found() {
      // A worker that ended meanwhile cannot be read any more.
      const events = await Promise.all([
        page.evaluate(stored, KEY).then(label('page')),
        ...[...workers].map((worker) =>
          worker
            .evaluate(stored, KEY)
            .then(label(`worker ${worker.url()}`))
            .catch(() => []),
        ),
      ]);
      return [...logged, ...events.flat()];
    },
  };
}
