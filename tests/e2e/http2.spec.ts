/**
 * HTTPS with HTTP/2 (`TLS_CERT_FILE`, `TLS_KEY_FILE`): a page's requests share one
 * connection, so lesson 4's 50 requests in flight reach the server as (nearly) 50; over
 * plain HTTP/1.1 the browser sends six at a time. The count is the server's own, from the
 * `Yieldbook-In-Flight` header the lesson's cell reads.
 */
import { expect, test } from '@playwright/test';
import { type SelfSigned, selfSignedCertificate } from '../../scripts/support/self-signed.ts';
import { type SiteProcess, startSite } from '../../scripts/support/site-process.ts';
import { E2E_PORT } from './support/env.ts';
import { cell, outputText, runCell, waitForNotebook } from './support/notebook.ts';

const LESSON = '/lessons/async-generators/';

let certificate: SelfSigned;
const sites: SiteProcess[] = [];

test.beforeAll(() => {
  certificate = selfSignedCertificate();
});

test.afterAll(async () => {
  for (const site of sites.splice(0)) await site.stop();
  certificate.remove();
});

/** Runs the lesson's in-flight cell at `origin`; returns the most requests the server had at once. */
async function mostInFlight(
  browser: import('@playwright/test').Browser,
  origin: string,
): Promise<{ most: number; protocol: string }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${origin}${LESSON}`);
  const protocol = await page.evaluate(
    () =>
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
        .nextHopProtocol,
  );
  await waitForNotebook(page);
  expect(await runCell(page, 'in-flight')).toBe('done');
  const text = await outputText(cell(page, 'in-flight'));
  await context.close();
  const most = /the server had at most (\d+) at once/u.exec(text)?.[1];
  expect(most, text).toBeDefined();
  return { most: Number(most), protocol };
}

test('over HTTP/2 the server sees at least 40 of the 50 requests in flight at once', async ({
  browser,
}) => {
  const site = await startSite(E2E_PORT + 1, {
    TLS_CERT_FILE: certificate.certFile,
    TLS_KEY_FILE: certificate.keyFile,
  });
  sites.push(site);
  expect(site.origin.startsWith('https://')).toBe(true);
  const { most, protocol } = await mostInFlight(browser, site.origin);
  expect(protocol).toBe('h2');
  expect(most).toBeGreaterThanOrEqual(40);
});

test('over HTTP/1.1 the browser holds them to six', async ({ browser }) => {
  const site = await startSite(E2E_PORT + 2);
  sites.push(site);
  const { most, protocol } = await mostInFlight(browser, site.origin);
  expect(protocol).toBe('http/1.1');
  expect(most).toBe(6);
});
