/**
 * `npm run bench:vs-python`: Yieldbook side by side with the originals it
 * follows, in one run on this machine, in Node with the filesystem store.
 *
 * 1. `yieldbook/memory` against joblib.Memory and joblib.hash (Debian's
 *    python3-joblib and python3-numpy): a small cache hit, a 64 MiB float64
 *    array hit (copy, and `mmapMode: 'r'`), the first call storing it, and the
 *    hash of the array. A fresh 64 MiB buffer costs mostly page faults, and
 *    numpy asks for huge pages where Node does not, so the copy hit and the
 *    first call also run with the same pages on both sides: 4 KiB pages
 *    (joblib with `NUMPY_MADVISE_HUGEPAGE=0`) and huge pages (Node in a child
 *    process with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which makes glibc
 *    ask for them as numpy does).
 * 2. `WorkerPool` and `Parallel` (2 workers) against multiprocessing.Pool(2)
 *    and ProcessPoolExecutor(2): the overhead per tiny task (`x + 1`), one run
 *    of each side in turn (bench-vs-python/pools.ts).
 * 3. The LLM proxy as deployed (the built site's server.mjs), and a bare node:http proxy
 *    (bench-vs-python/node-proxy.ts, the floor for any Node proxy), against nginx as a
 *    reverse proxy, both in front of the same minimal upstream on loopback:
 *    added latency (p50 and p99 of paired differences: each request through a
 *    proxy minus the direct request of its round, interleaved) and CPU per
 *    request of the proxying process, in blocks.
 *
 * The Python side is scripts/bench-vs-python/*.py, run with `PYTHON` (default
 * /usr/bin/python3, Debian's, which has joblib); each prints JSON of its
 * samples. Nothing is installed: a missing package gets the `apt-get` line to
 * run, and its rows say they did not run.
 *
 * Prints a table (medians, spreads p25–p75, ratios reference / Yieldbook: ≥ 1
 * means Yieldbook is as fast or faster) and writes it into docs/benchmarks.md
 * between the `bench:vs-python` markers.
 * Options (environment): `BENCH_REPEATS` (default 21), `BENCH_SAMPLES` (proxy
 * requests per target, default 2000), `BENCH_QUICK=1` (16 MiB arrays, 1000
 * tasks, 5 repeats, 200 requests), `BENCH_ONLY=caching` or `BENCH_ONLY=proxy`
 * (those rows alone, printed and not written into the docs), `BENCH_PORT`
 * (server.mjs), `PYTHON`, `NGINX`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hash, Memory } from '../src/lib/memory/index.ts';
import { poolsSideBySide } from './bench-vs-python/pools.ts';
import {
  median,
  percentile,
  positiveInteger,
  timeChatRequest,
  writeFigures,
} from './support/bench.ts';
import { startBenchUpstream } from './support/bench-upstream.ts';
import { interleavedRounds, pairedDifferences } from './support/interleaved.ts';
import { ensureBuilt, freePort, startServer } from './support/site.ts';

const ROOT = resolve(import.meta.dirname, '..');
const HERE = join(ROOT, 'scripts', 'bench-vs-python');
const MIB = 1024 * 1024;
/** One small-hit sample is the mean of this many calls, as in memory_bench.py. */
const SMALL_CALLS = 10;
const KEY = 'fake-key-bench-not-a-real-key';
const run = promisify(execFile);

interface Settings {
  repeats: number;
  sizeMib: number;
  tasks: number;
  samples: number;
}

/** Samples of one measure, or why there are none. */
type Samples = number[] | { missing: string };

interface Row {
  measure: string;
  unit: 'ms' | 'µs';
  ours: Samples;
  oursLabel: string;
  theirs: Samples;
  theirsLabel: string;
}

function figure(value: number): string {
  return value.toFixed(Math.abs(value) < 1 ? 3 : Math.abs(value) < 10 ? 2 : 1);
}

function format(value: number, unit: string): string {
  return `${figure(value)} ${unit}`;
}

function cell(samples: Samples, unit: string, label: string): string {
  if (!Array.isArray(samples)) return `${label}: not run (${samples.missing})`;
  const spread = `${figure(percentile(samples, 25))}–${figure(percentile(samples, 75))}`;
  return `${label} ${format(median(samples), unit)} (p25–p75 ${spread})`;
}

function ratio(ours: Samples, theirs: Samples): string {
  if (!Array.isArray(ours) || !Array.isArray(theirs)) return '—';
  const value = median(theirs) / median(ours);
  return value < 0.1 ? value.toFixed(3) : value.toFixed(2);
}

const TABLE_HEAD =
  '| measure | Yieldbook | reference | ratio (ref / Yieldbook) |\n| --- | --- | --- | --- |';

function tableLine(row: Row): string {
  return `| ${row.measure} | ${cell(row.ours, row.unit, row.oursLabel).trim()} | ${cell(row.theirs, row.unit, row.theirsLabel)} | ${ratio(row.ours, row.theirs)} |`;
}

/** The Debian packages the Python rows lack (space-separated); null when all is there. */
async function pythonMissing(python: string): Promise<string | null> {
  const imports = async (module: string) =>
    run(python, ['-c', `import ${module}`]).then(
      () => true,
      () => false,
    );
  if (!(await imports('sys'))) return 'python3 python3-joblib python3-numpy';
  const packages: string[] = [];
  if (!(await imports('joblib'))) packages.push('python3-joblib');
  if (!(await imports('numpy'))) packages.push('python3-numpy');
  return packages.length === 0 ? null : packages.join(' ');
}

async function runPython(
  python: string,
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<unknown> {
  const { stdout } = await run(python, [join(HERE, script), ...args], {
    maxBuffer: 16 * MIB,
    cwd: tmpdir(),
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout);
}

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Frees what nothing references any more, now. memory_bench.py frees each
 * 64 MiB hit's result with `del result` before its next sample (CPython frees
 * at once); Node frees an unreferenced buffer only when its garbage collector
 * runs, which, left alone, is during the next timed hit, as a full collection
 * that the new 64 MiB buffer sets off. Collecting between the hits' samples
 * times the same work on both sides (the first calls free nothing on either).
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** yieldbook/memory in Node with the filesystem store, shaped as memory_bench.py. */
async function yieldbookMemory(location: string, settings: Settings) {
  const freeUnreferenced = collector();
  const data = new Float64Array((settings.sizeMib * MIB) / 8);
  for (let index = 0; index < data.length; index += 1) data[index] = index * 0.5;
  const small = (n: number) => [n, n + 1, n + 2];
  const big = (_seed: number) => data;
  const memory = new Memory(`file:${location}`, { verbose: 0 });
  const readOnly = new Memory(`file:${location}`, { verbose: 0, mmapMode: 'r' });
  const cachedSmall = memory.cache(small);
  const cachedBig = memory.cache(big);
  const mappedBig = readOnly.cache(big);
  const samples = {
    smallHit: [] as number[],
    bigHitCopy: [] as number[],
    bigHitView: [] as number[],
    firstCall: [] as number[],
    hash: [] as number[],
  };
  const { repeats } = settings;
  await cachedSmall(1);
  await cachedSmall(1);
  for (let round = 0; round < repeats; round += 1) {
    const elapsed = await timeMs(async () => {
      for (let call = 0; call < SMALL_CALLS; call += 1) await cachedSmall(1);
    });
    samples.smallHit.push(elapsed / SMALL_CALLS);
  }
  await cachedBig(1);
  for (let round = 0; round < repeats; round += 1) {
    await memory.clear({ warn: false });
    samples.firstCall.push(await timeMs(() => cachedBig(1)));
    await memory.settle();
  }
  await cachedBig(1);
  for (let round = 0; round < repeats; round += 1) {
    freeUnreferenced();
    samples.bigHitCopy.push(await timeMs(() => cachedBig(1)));
    await memory.settle();
  }
  await mappedBig(1);
  for (let round = 0; round < repeats; round += 1) {
    freeUnreferenced();
    samples.bigHitView.push(await timeMs(() => mappedBig(1)));
    await readOnly.settle();
  }
  await hash(data);
  for (let round = 0; round < repeats; round += 1) {
    samples.hash.push(await timeMs(() => hash(data)));
  }
  await memory.clear({ warn: false });
  await Promise.all([memory.close(), readOnly.close()]);
  return samples;
}

type MemorySamples = Awaited<ReturnType<typeof yieldbookMemory>>;

/** The child process's part: `--memory <location> <repeats> <sizeMib>` prints its samples as JSON. */
async function memoryChild(): Promise<void> {
  const [location = '', repeats = '', sizeMib = ''] = process.argv.slice(3);
  const samples = await yieldbookMemory(location, {
    repeats: Number(repeats),
    sizeMib: Number(sizeMib),
    tasks: 0,
    samples: 0,
  });
  process.stdout.write(JSON.stringify(samples));
}

/** yieldbook/memory in a child Node whose glibc asks for transparent huge pages, as numpy does. */
async function yieldbookMemoryHugePages(location: string, settings: Settings) {
  const { stdout } = await run(
    process.execPath,
    [
      import.meta.filename,
      '--memory',
      location,
      String(settings.repeats),
      String(settings.sizeMib),
    ],
    {
      maxBuffer: 16 * MIB,
      env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' },
    },
  );
  return JSON.parse(stdout) as MemorySamples;
}

async function anyFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

/** nginx as a reverse proxy to the upstream, with a temporary prefix and config. */
async function startNginx(nginx: string, upstreamPort: number) {
  const prefix = await mkdtemp(join(tmpdir(), 'yb-vs-nginx-'));
  await mkdir(join(prefix, 'logs'));
  const port = await anyFreePort();
  const temp = (name: string) => `${name}_temp_path ${join(prefix, name)};`;
  await writeFile(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  upstream llm { server 127.0.0.1:${upstreamPort}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location /api/llm/ {
      proxy_pass http://llm/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const child = spawn(
    nginx,
    [
      '-p',
      prefix,
      '-c',
      join(prefix, 'nginx.conf'),
      '-e',
      join(prefix, 'logs', 'error.log'),
      '-g',
      'daemon off;',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}/api/llm/v1/chat/completions`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fetch(url, { method: 'POST', body: '{}' }).then((response) => response.text());
      break;
    } catch (error) {
      if (attempt > 100 || child.exitCode !== null) {
        throw new Error(`Expected nginx to answer on port ${port}, got ${String(error)}`);
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  return {
    child,
    url,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(0)));
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

const timeRequest = (url: string, payload: string) =>
  timeChatRequest(url, payload, KEY, (text) => text.includes('Paris'));

/** Paired added latency (p50, p99 of through − direct) and CPU per request (median of blocks, p25–p75). */
interface ProxyFigure {
  p50: number;
  p99: number;
  cpu: number;
  cpuSpread: [number, number];
}

interface ProxyFigures {
  ours: ProxyFigure;
  /** The bare node:http proxy (bench-vs-python/node-proxy.ts): the floor for any Node proxy. */
  bare: ProxyFigure;
  theirs: ProxyFigure | { missing: string };
}

/** The bare node:http proxy in a process of its own; resolves once it listens. */
async function startBareProxy(upstreamPort: number) {
  const port = await anyFreePort();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts', 'bench-vs-python', 'node-proxy.ts')],
    {
      env: { ...process.env, PORT: String(port), UPSTREAM_PORT: String(upstreamPort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((ready, fail) => {
    child.stdout?.once('data', () => ready());
    child.once('exit', (code) => fail(new Error(`The bare node:http proxy exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/api/llm/v1/chat/completions` };
}

/** CPU is read from /proc this many times over the run, so its figure has a spread. */
const CPU_BLOCKS = 10;

/**
 * Added latency and CPU per request of server.mjs and of nginx, interleaved: each round
 * sends one request direct and one through each proxy (the order turning), and the
 * added latency of a request is its time minus the direct request of its round, so the
 * percentiles are of paired differences (a p99 of differences never goes below zero the
 * way p99(through) − p99(direct) can).
 */
export async function proxies(nginx: string | null, samples: number): Promise<ProxyFigures> {
  const upstream = await startBenchUpstream();
  const controller = new AbortController();
  let server: ChildProcess | undefined;
  let front: Awaited<ReturnType<typeof startNginx>> | undefined;
  let bare: Awaited<ReturnType<typeof startBareProxy>> | undefined;
  try {
    await ensureBuilt();
    // startServer hands this process's environment to server.mjs.
    Object.assign(process.env, {
      LLM_BASE_URL: `http://127.0.0.1:${upstream.port}/v1`,
      LLM_API_KEY: KEY,
      LLM_MODELS: 'bench-model',
      LLM_ACCESS: 'open',
      LLM_RATE_PER_SECOND: '1000000',
      LLM_RATE_BURST: '1000000',
    });
    const port = await freePort();
    server = await startServer(port, controller.signal);
    bare = await startBareProxy(upstream.port);
    if (nginx !== null) front = await startNginx(nginx, upstream.port);
    const payload = JSON.stringify({
      model: 'bench-model',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
    const pids = [
      server.pid as number,
      bare.child.pid as number,
      ...(front?.child.pid ? [front.child.pid] : []),
    ];
    const urls = [
      `http://127.0.0.1:${upstream.port}/v1/chat/completions`,
      `http://127.0.0.1:${port}/api/llm/v1/chat/completions`,
      bare.url,
      ...(front ? [front.url] : []),
    ];
    const {
      times: [direct = [], ours = [], bareTimes = [], theirs = []],
      cpuPerRequest,
    } = await interleavedRounds({
      targets: urls.map((url) => () => timeRequest(url, payload)),
      pids,
      samples,
      warmUp: Math.min(200, samples),
      blocks: CPU_BLOCKS,
    });
    const added = (times: number[], cpu: number[]): ProxyFigure => {
      const paired = pairedDifferences(times, direct);
      return {
        p50: percentile(paired, 50),
        p99: percentile(paired, 99),
        cpu: median(cpu),
        cpuSpread: [percentile(cpu, 25), percentile(cpu, 75)],
      };
    };
    return {
      ours: added(ours, cpuPerRequest[0] ?? []),
      bare: added(bareTimes, cpuPerRequest[1] ?? []),
      theirs: front ? added(theirs, cpuPerRequest[2] ?? []) : { missing: 'nginx is not installed' },
    };
  } finally {
    controller.abort();
    server?.kill('SIGTERM');
    bare?.child.kill('SIGTERM');
    await front?.stop();
    await upstream.close();
  }
}

/** What the caching rows are made of. */
interface Caching {
  memory: MemorySamples;
  memoryHugePages: MemorySamples;
  joblib: Record<string, number[]> | null;
  joblibSmallPages: Record<string, number[]> | null;
  /** Why the joblib rows did not run, when they did not. */
  noPython: Samples;
}

/** The caching rows of the table: yieldbook/memory against joblib. */
function cachingRows(
  { memory, memoryHugePages, joblib, joblibSmallPages, noPython }: Caching,
  size: string,
): Row[] {
  const from = (samples: Record<string, number[]> | null, key: string): Samples =>
    samples?.[key] ?? noPython;
  return [
    {
      measure: 'cache hit, small result',
      unit: 'ms',
      ours: memory.smallHit,
      oursLabel: '',
      theirs: from(joblib, 'smallHit'),
      theirsLabel: 'joblib',
    },
    {
      measure: `cache hit, ${size} float64 array, copy`,
      unit: 'ms',
      ours: memory.bigHitCopy,
      oursLabel: '',
      theirs: from(joblib, 'bigHitCopy'),
      theirsLabel: 'joblib',
    },
    {
      measure: `cache hit, ${size} float64 array, copy, 4 KiB pages on both sides`,
      unit: 'ms',
      ours: memory.bigHitCopy,
      oursLabel: '',
      theirs: from(joblibSmallPages, 'bigHitCopy'),
      theirsLabel: 'joblib, `NUMPY_MADVISE_HUGEPAGE=0`',
    },
    {
      measure: `cache hit, ${size} float64 array, copy, huge pages on both sides`,
      unit: 'ms',
      ours: memoryHugePages.bigHitCopy,
      oursLabel: '`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`',
      theirs: from(joblib, 'bigHitCopy'),
      theirsLabel: 'joblib',
    },
    {
      measure: `cache hit, ${size}, read-only (\`mmapMode: 'r'\`)`,
      unit: 'ms',
      ours: memory.bigHitView,
      oursLabel: '',
      theirs: from(joblib, 'bigHitView'),
      theirsLabel: "joblib `mmap_mode='r'`",
    },
    {
      measure: `first call storing ${size}`,
      unit: 'ms',
      ours: memory.firstCall,
      oursLabel: '',
      theirs: from(joblib, 'firstCall'),
      theirsLabel: 'joblib',
    },
    {
      measure: `first call storing ${size}, huge pages on both sides`,
      unit: 'ms',
      ours: memoryHugePages.firstCall,
      oursLabel: '`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`',
      theirs: from(joblib, 'firstCall'),
      theirsLabel: 'joblib',
    },
    {
      measure: `hash of ${size} float64`,
      unit: 'ms',
      ours: memory.hash,
      oursLabel: '',
      theirs: from(joblib, 'hash'),
      theirsLabel: 'joblib.hash',
    },
  ];
}

/** `NGINX`, else Debian's nginx, when the file is there; null otherwise. */
function nginxPath(): string | null {
  const given = process.env.NGINX;
  const candidates = given ? [given] : ['/usr/sbin/nginx', '/usr/bin/nginx'];
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** The proxy rows of the table: server.mjs, then the bare node:http proxy, against nginx. */
function proxyRows({ ours, bare, theirs }: ProxyFigures): string[] {
  const nginxOk = !('missing' in theirs);
  const proxyRatio = (a: number, b: number) => (b / a).toFixed(2);
  const cpuCell = (figures: ProxyFigure) =>
    `${format(figures.cpu, 'ms')} (p25–p75 ${figure(figures.cpuSpread[0])}–${figure(figures.cpuSpread[1])})`;
  return [
    `| proxy added latency p50 / p99 (paired) | server.mjs ${format(ours.p50, 'ms')} / ${format(ours.p99, 'ms')} | ${nginxOk ? `nginx ${format(theirs.p50, 'ms')} / ${format(theirs.p99, 'ms')}` : `nginx: not run (${theirs.missing})`} | ${nginxOk ? `${proxyRatio(ours.p50, theirs.p50)} / ${proxyRatio(ours.p99, theirs.p99)}` : '—'} |`,
    `| proxy CPU per request | server.mjs ${cpuCell(ours)} | ${nginxOk ? `nginx ${cpuCell(theirs)}` : `nginx: not run (${theirs.missing})`} | ${nginxOk ? proxyRatio(ours.cpu, theirs.cpu) : '—'} |`,
    `| the floor in Node: a bare node:http proxy, added p50 / p99 | ${format(bare.p50, 'ms')} / ${format(bare.p99, 'ms')} | ${nginxOk ? `nginx ${format(theirs.p50, 'ms')} / ${format(theirs.p99, 'ms')}` : '—'} | ${nginxOk ? `${proxyRatio(bare.p50, theirs.p50)} / ${proxyRatio(bare.p99, theirs.p99)}` : '—'} |`,
    `| the floor in Node: a bare node:http proxy, CPU per request | ${cpuCell(bare)} | ${nginxOk ? `nginx ${cpuCell(theirs)}` : '—'} | ${nginxOk ? proxyRatio(bare.cpu, theirs.cpu) : '—'} |`,
  ];
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const only = process.env.BENCH_ONLY ?? '';
  if (only !== '' && only !== 'caching' && only !== 'proxy') {
    throw new TypeError(`Expected \`BENCH_ONLY\` to be caching, proxy or unset, got ${only}`);
  }
  const cachingOnly = only === 'caching';
  const settings: Settings = {
    repeats: positiveInteger('BENCH_REPEATS', quick ? 5 : 21),
    sizeMib: quick ? 16 : 64,
    tasks: quick ? 1000 : 5000,
    samples: positiveInteger('BENCH_SAMPLES', quick ? 200 : 2000),
  };
  const python =
    process.env.PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const nginx = nginxPath();
  const missingPython = await pythonMissing(python);
  const missing = [missingPython, nginx === null ? 'nginx' : null].filter(Boolean);
  if (missing.length > 0) {
    console.log(`Missing for some rows; install with:\n  apt-get install -y ${missing.join(' ')}`);
  }
  if (only === 'proxy') {
    // The proxy rows alone, printed and not written to the docs (a table missing rows).
    const load = (loadavg()[0] ?? 0).toFixed(1);
    console.log(
      `Proxy: server.mjs and nginx, ${settings.samples} requests per target, load ${load}…`,
    );
    const rows = proxyRows(await proxies(nginx, settings.samples));
    console.log(
      ['', `load average ${(loadavg()[0] ?? 0).toFixed(1)} at the end`, ...rows].join('\n'),
    );
    return;
  }
  const loadStart = loadavg()[0] ?? 0;
  const header = `${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${availableParallelism()} CPUs, load average ${loadStart.toFixed(1)} at the start`;
  console.log(
    `bench:vs-python — ${header}; medians of ${settings.repeats}, ${settings.sizeMib} MiB arrays, ${settings.tasks} tasks, ${settings.samples} proxy requests per target${quick ? ' (quick)' : ''}`,
  );

  const work = await mkdtemp(join(tmpdir(), 'yb-vs-python-'));
  try {
    const noPython = { missing: `${missingPython} missing` };
    console.log('Caching: joblib…');
    const joblib = missingPython
      ? null
      : ((await runPython(python, 'memory_bench.py', [
          join(work, 'joblib'),
          String(settings.repeats),
          String(settings.sizeMib),
        ])) as Record<string, number[]> & { versions: Record<string, string> });
    console.log('Caching: joblib with 4 KiB pages (NUMPY_MADVISE_HUGEPAGE=0)…');
    const joblibSmallPages = missingPython
      ? null
      : ((await runPython(
          python,
          'memory_bench.py',
          [join(work, 'joblib-4k'), String(settings.repeats), String(settings.sizeMib)],
          { NUMPY_MADVISE_HUGEPAGE: '0' },
        )) as Record<string, number[]>);
    console.log('Caching: yieldbook/memory…');
    const memory = await yieldbookMemory(join(work, 'yieldbook'), settings);
    console.log(
      'Caching: yieldbook/memory with huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1)…',
    );
    const memoryHugePages = await yieldbookMemoryHugePages(join(work, 'yieldbook-huge'), settings);
    const size = `${settings.sizeMib} MiB`;
    const caching: Caching = { memory, memoryHugePages, joblib, joblibSmallPages, noPython };
    if (cachingOnly) {
      const rows = cachingRows(caching, size).map(tableLine);
      console.log(
        `\nBENCH_ONLY=caching (not written into the docs):\n\n${TABLE_HEAD}\n${rows.join('\n')}\n`,
      );
      return;
    }
    console.log('Pools: WorkerPool and multiprocessing, one run each in turn…');
    const pools = await poolsSideBySide(
      missingPython ? null : python,
      settings.repeats,
      settings.tasks,
    );
    const pool = pools.ours;
    const multi: Record<string, number[]> | null = pools.theirs;
    console.log('Proxy: server.mjs and nginx…');
    const proxy = await proxies(nginx, settings.samples);

    const from = (samples: Record<string, number[]> | null, key: string): Samples =>
      samples?.[key] ?? noPython;
    const rows: Row[] = [
      ...cachingRows(caching, size),
      {
        measure: 'pool, tiny task, one per message',
        unit: 'µs',
        ours: pool.chunk1,
        oursLabel: '`map`',
        theirs: from(multi, 'chunk1'),
        theirsLabel: 'Pool(2) `chunksize=1`',
      },
      {
        measure: 'pool, tiny task, one per submit',
        unit: 'µs',
        ours: pool.submit,
        oursLabel: '`submit`',
        theirs: from(multi, 'executor'),
        theirsLabel: 'ProcessPoolExecutor(2)',
      },
      {
        measure: 'pool, tiny task, 1000 per message',
        unit: 'µs',
        ours: pool.chunk1000,
        oursLabel: '`chunkSize: 1000`',
        theirs: from(multi, 'chunk1000'),
        theirsLabel: 'Pool(2) `chunksize=1000`',
      },
      {
        measure: 'pool, tiny task, default batching',
        unit: 'µs',
        ours: pool.auto,
        oursLabel: '`Parallel` auto',
        theirs: from(multi, 'chunkDefault'),
        theirsLabel: 'Pool(2) default chunksize',
      },
    ];
    const lines = rows.map(tableLine);
    lines.push(...proxyRows(proxy));
    const versions = joblib
      ? `Python ${joblib.versions.python}, joblib ${joblib.versions.joblib}, numpy ${joblib.versions.numpy}`
      : 'no Python rows';
    const block = [
      `Measured on ${header} and ${(loadavg()[0] ?? 0).toFixed(1)} at the end; ${versions}${nginx ? '' : ', no nginx'}. Medians of ${settings.repeats} (spreads p25–p75) with ${settings.sizeMib} MiB arrays and ${settings.tasks} tasks per pool run${quick ? ' (quick run)' : ''}; proxy: ${settings.samples} requests per target, interleaved with direct ones, added latency = p50 and p99 of each request's time minus its round's direct request, CPU per request from /proc of server.mjs, of a bare node:http proxy (the floor for a Node proxy) and of the nginx master and worker, median of ${CPU_BLOCKS} blocks. Ratio = reference / Yieldbook: ≥ 1 means Yieldbook is as fast or faster.`,
      '',
      TABLE_HEAD,
      ...lines,
    ].join('\n');
    console.log(`\n${block}\n`);
    await writeFigures('vs-python', block, { files: [join('docs', 'benchmarks.md')] });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.main) await (process.argv[2] === '--memory' ? memoryChild() : main());
