/**
 * `npm run bench:http2`: the requests of lesson 5's full run from a page in Chromium, over
 * HTTPS with HTTP/2 and over plain HTTP/1.1, on the realistic offline model
 * (`yieldbook-offline`), 50 asked in flight. Prints a table and writes it into README.md
 * and docs/benchmarks.md (markers `bench:http2`).
 *
 * Settings: `BENCH_REQUESTS` (default 3000), `BENCH_CONCURRENCY` (default 50).
 */
import os from 'node:os';
import process from 'node:process';
import { positiveInteger, writeFigures } from './support/bench.ts';
import { type PageChatLoadFigures, pageChatLoad } from './support/page-chat-load.ts';
import { selfSignedCertificate } from './support/self-signed.ts';
import { ensureBuilt, freePort, launchChromium } from './support/site.ts';
import { startSite } from './support/site-process.ts';

const total = positiveInteger('BENCH_REQUESTS', 3000);
const concurrency = positiveInteger('BENCH_CONCURRENCY', 50);
const COUNTRIES = ['France', 'Germany', 'Italy', 'Spain', 'Japan', 'Kenya', 'Peru', 'Norway'];

interface Run extends PageChatLoadFigures {
  protocol: string;
}

/** Serves the site (with `env`), opens a page and runs the requests from it. */
async function run(env: NodeJS.ProcessEnv): Promise<Run> {
  const site = await startSite(await freePort(), env);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    const protocol = await page.evaluate(
      () =>
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
          .nextHopProtocol,
    );
    const figures = await page.evaluate(pageChatLoad, {
      model: 'yieldbook-offline',
      total,
      concurrency,
      countries: COUNTRIES,
    });
    return { protocol, ...figures };
  } finally {
    await browser.close();
    await site.stop();
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  const certificate = selfSignedCertificate();
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    console.log(`${total} requests from a page over HTTPS (HTTP/2)…`);
    const h2 = await run({
      TLS_CERT_FILE: certificate.certFile,
      TLS_KEY_FILE: certificate.keyFile,
    });
    console.log(`${total} requests from a page over HTTP/1.1…`);
    const h1 = await run({});
    const browserVersion = await launchChromium().then(async (browser) => {
      const version = browser.version();
      await browser.close();
      return version;
    });
    const row = (name: string, figures: Run, notes: string) =>
      `| ${name} (\`${figures.protocol}\`) | ${(figures.wallMs / 1000).toFixed(1)} s | ${figures.mostInFlight} | ${figures.ok}/${total} answered, ${figures.refused} × 429 retried, ${figures.failed} lost | ${notes} |`;
    const block = [
      `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${browserVersion} (headless), Node ${process.versions.node}, ${os.cpus().length} CPUs, load average ${loadBefore.toFixed(1)} at the start and ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end; ${total} requests to \`yieldbook-offline\`, ${concurrency} asked in flight, from one page.`,
      '',
      '| served over | wall time | most in flight at the server | outcome | notes |',
      '| --- | --- | --- | --- | --- |',
      row(
        'HTTPS, HTTP/2',
        h2,
        '`TLS_CERT_FILE` and `TLS_KEY_FILE` set: one connection, every request on it',
      ),
      row('HTTP/1.1', h1, 'plain `npm start`: the browser keeps six connections per server'),
      '',
      `Over HTTP/2 the run was ${(h1.wallMs / h2.wallMs).toFixed(1)}× as fast as over HTTP/1.1.`,
    ].join('\n');
    console.log(`\n${block}`);
    await writeFigures('http2', block);
  } finally {
    certificate.remove();
  }
}

await main();
