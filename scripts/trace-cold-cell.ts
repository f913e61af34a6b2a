/**
 * `npx node scripts/trace-cold-cell.ts`: where a cold first cell's time goes. Opens the
 * lesson as `npm run bench:notebook` does (fresh context, page wired), records a Chromium
 * trace around a click on the first cell's Run, and prints, in ms from the click: the
 * page's messages to and from the kernel worker (a `Worker` subclass marks each), every
 * script fetch with the thread that asked for it, the worker's module compilation and
 * evaluation, and the main thread's longer tasks. Figures go into docs/benchmarks.md
 * ("What the cold figure is made of").
 *
 * Options (environment): `BENCH_RUNS` (default 3), `BENCH_LESSON`, `BENCH_PORT`.
 */
import process from 'node:process';
import { openNotebook, withSiteInChromium } from './support/site.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'disabled-by-default-devtools.timeline.frame',
];

const SPY = `(() => {
  const W = globalThis.Worker;
  globalThis.Worker = class extends W {
    constructor(url, options) {
      performance.mark('page: new Worker');
      super(url, options);
      this.addEventListener('message', (e) => performance.mark('page: got ' + (e.data && e.data.type)));
    }
    postMessage(message, transfer) {
      performance.mark('page: post ' + (message && message.type));
      super.postMessage(message, transfer);
    }
  };
})();`;

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const lesson = process.env.BENCH_LESSON ?? '/lessons/generators/';
  await withSiteInChromium(async (browser, origin) => {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      await context.addInitScript(SPY);
      const page = await context.newPage();
      await openNotebook(page, `${origin}${lesson}`);
      await browser.startTracing(page, { categories: CATEGORIES });
      const total = await page.evaluate(
        () =>
          new Promise<number>((done) => {
            const cell = document.querySelector('[data-cell]');
            const output = cell?.querySelector('[data-cell-output]');
            const button = cell?.querySelector<HTMLButtonElement>('[data-cell-run]');
            if (!cell || !output || !button) throw new Error('Expected a cell');
            const start = performance.now();
            new MutationObserver((_r, observer) => {
              if (output.querySelector('[data-output-item]') === null) return;
              observer.disconnect();
              performance.mark('page: output shown');
              done(performance.now() - start);
            }).observe(cell, { subtree: true, childList: true, attributes: true });
            performance.mark('page: click');
            button.click();
          }),
      );
      await new Promise((done) => setTimeout(done, 300));
      const buffer = await browser.stopTracing();
      const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
      report(traceEvents, total, run);
      await context.close();
    }
  });
}

function report(events: TraceEvent[], total: number, run: number): void {
  const threads = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const click = events.find((e) => e.name === 'page: click');
  if (!click) throw new Error('no click mark');
  const t0 = click.ts;
  const rel = (ts: number) => ((ts - t0) / 1000).toFixed(1).padStart(7);
  const lines: string[] = [];
  // By request id: the page and the worker may fetch the same file.
  const requests = new Map<
    string,
    { url: string; send: number; finish?: number; thread: string; cached?: boolean }
  >();
  for (const e of events) {
    const data = e.args?.data ?? {};
    const thread = threads.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
    if (e.ts < t0 - 1000) continue;
    if (e.name === 'ResourceSendRequest') {
      const url = String(data.url).replace(/^.*\//u, '');
      requests.set(String(data.requestId), { url, send: e.ts, thread });
    } else if (e.name === 'ResourceReceiveResponse') {
      const r = requests.get(String(data.requestId));
      if (r) r.cached = data.fromCache === true;
    } else if (e.name === 'ResourceFinish') {
      const r = requests.get(String(data.requestId));
      if (r) r.finish = e.ts;
    } else if (e.cat.includes('user_timing') && e.name.startsWith('page:')) {
      lines.push(`${rel(e.ts)}  ${e.name}`);
    } else if (
      e.ph === 'X' &&
      (e.dur ?? 0) > 500 &&
      /Worker|worker/u.test(thread) &&
      [
        'v8.compileModule',
        'v8.evaluateModule',
        'FunctionCall',
        'EvaluateScript',
        'v8.compile',
        'V8.CompileCode',
        'v8.run',
        'MajorGC',
        'MinorGC',
        'RunMicrotasks',
        'HandlePostMessage',
      ].includes(e.name)
    ) {
      const what = data.url ? String(data.url).replace(/^.*\//u, '') : (data.functionName ?? '');
      lines.push(`${rel(e.ts)}  worker ${e.name} ${what} ${((e.dur ?? 0) / 1000).toFixed(1)} ms`);
    } else if (e.ph === 'X' && (e.dur ?? 0) > 2000 && thread === 'CrRendererMain') {
      const what = data.url
        ? String(data.url).replace(/^.*\//u, '')
        : String(data.functionName ?? data.type ?? '');
      lines.push(
        `${rel(e.ts)}  main ${e.name} ${what}:${String(data.lineNumber ?? '')} ${((e.dur ?? 0) / 1000).toFixed(1)} ms`,
      );
    }
  }
  for (const r of requests.values())
    lines.push(
      `${rel(r.send)}  fetch ${r.url} (${r.thread}${r.cached ? ', from the HTTP cache' : ''}) done at ${r.finish ? rel(r.finish) : '?'}`,
    );
  lines.sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  console.log(`\n=== run ${run}: click → output ${total.toFixed(1)} ms`);
  for (const line of lines) console.log(line);
}

if (import.meta.main) await main();
