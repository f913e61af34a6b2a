/**
 * `npm run lessons:check [-- --lesson <slug>]`: type-checks every lesson page as
 * one program (docs/typecheck.md), then runs its cells in order in one fresh
 * kernel per lesson (Node, through `web-worker`) and checks each against its
 * expected output (docs/cells.md), and checks that no cell code or expected
 * output line is over 80 characters. Prints the failing cells with a diff, then
 * `N passed, N failed`; exits 1 on any failure.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import Worker from 'web-worker';
import { type CollectedCell, collectCells, parseLesson } from '../src/cells/extract.ts';
import { judgeCell } from '../src/cells/judge.ts';
import { longCellLines, MAX_CELL_LINE } from '../src/cells/line-length.ts';
import { outputText } from '../src/cells/output-text.ts';
import { readingTimeProblem } from '../src/cells/reading-time.ts';
import type { CellSpec } from '../src/cells/types.ts';
import type { OutputItem } from '../src/core/output-item.ts';
import { contentId, contentPlace } from '../src/i18n/locales.ts';
import { checkLessonTypes } from '../src/integrations/cells/check-types.ts';
import { editionParityProblems } from '../src/integrations/edition-parity.ts';
import { loadTypeBundle } from '../src/integrations/type-bundle/build-type-bundle.ts';
import { KernelClient } from '../src/notebook/kernel-client.ts';
import { parseProxyConfig } from '../src/server/llm/config.ts';
import { startProxyServer } from '../src/server/llm/node-server.ts';
import { createLlmProxy } from '../src/server/llm/proxy.ts';
import { createPageChecker, type PageChecker } from '../src/typecheck/page-checker.ts';

const ROOT = new URL('../', import.meta.url);
const CONTENT = new URL('content/', ROOT);
const LESSONS = new URL('lessons/', CONTENT);
const WORKER = new URL('src/notebook/kernel/kernel.worker.ts', ROOT);
const DEFAULT_TIMEOUT_MS = 30_000;

async function lessonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mdx'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function slugOf(file: string, dir: string): string {
  return relative(dir, file)
    .replace(/\\/g, '/')
    .replace(/(\/index)?\.mdx$/, '');
}

/** Why a cell failed, or null when it passed. */
async function checkCell(client: KernelClient, cell: CellSpec): Promise<string | null> {
  const items: OutputItem[] = [];
  const outcome = await client.run(cell.id, cell.source, {
    onOutput: (batch) => items.push(...batch),
    timeoutMs: cell.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return judgeCell(cell, { ...outcome, text: outputText(items) });
}

async function checkLesson(
  file: string,
  cells: CellSpec[],
  origin: string,
): Promise<{ passed: number; failed: number }> {
  const client = new KernelClient({
    createWorker: () => new Worker(WORKER, { type: 'module' }),
    origin,
    // The page's own path (`/lessons/x/`, `/ja/lessons/x/`), as the browser's kernel is given.
    page: `/${contentId(relative(fileURLToPath(CONTENT), file))}/`,
  });
  let passed = 0;
  let failed = 0;
  try {
    await client.start();
    for (const cell of cells) {
      const problem = await checkCell(client, cell);
      if (problem === null) {
        passed += 1;
        continue;
      }
      failed += 1;
      console.log(`  ✗ ${cell.file}:${cell.line} ${cell.id}`);
      console.log(problem.replace(/^/gm, '      '));
    }
  } finally {
    client.close();
  }
  return { passed, failed };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { lesson: { type: 'string' } } });
  const dir = LESSONS.pathname;
  let files = await lessonFiles(dir);
  if (values.lesson !== undefined) {
    files = files.filter((file) => slugOf(file, dir) === values.lesson);
    if (files.length === 0) {
      console.error(`Expected --lesson to name a lesson in content/lessons, got ${values.lesson}`);
      return 1;
    }
  }
  // LLM cells talk to the proxy with the built-in offline model, on a free loopback port: no network.
  const proxy = await startProxyServer(
    createLlmProxy({ config: parseProxyConfig({}), logger: quietLogger }),
  );
  try {
    return await checkFiles(files, dir, proxy.origin, values.lesson === undefined);
  } finally {
    await proxy.close();
  }
}

/** Reports the proxy's warnings and errors, not every refused request. */
const quietLogger = {
  info: () => {},
  warn: (message: string, fields?: Record<string, unknown>) => console.warn(message, fields ?? ''),
  error: (message: string, fields?: Record<string, unknown>) =>
    console.error(message, fields ?? ''),
};

/** The type-check step: one checker for every lesson, timed for the summary line. */
class TypeCheck {
  #checker: PageChecker | null = null;
  #ms = 0;

  /** Type problems of one lesson, printed; returns how many cells failed. */
  check(cells: CellSpec[]): number {
    const start = performance.now();
    this.#checker ??= createPageChecker(ts, loadTypeBundle());
    const problems = checkLessonTypes(this.#checker, cells);
    this.#ms += performance.now() - start;
    for (const { message } of problems) console.log(`  ✗ ${message.replace(/\n/g, '\n    ')}`);
    return problems.length;
  }

  summary(lessons: number): string {
    return `types: ${lessons} lessons checked in ${(this.#ms / 1000).toFixed(1)} s`;
  }
}

/** Cell lines over {@link MAX_CELL_LINE} characters (docs/cells.md), printed; returns how many. */
function printLongLines(cells: readonly CollectedCell[]): number {
  const long = longCellLines(cells);
  for (const { message } of long) console.log(`  ✗ ${message}`);
  return long.length;
}

/**
 * Where the editions differ (src/cells/parity.ts), for the lessons checked: all of them, or
 * with `--lesson`, the problems that name that lesson's file.
 */
function parityProblems(files: readonly string[], everyLesson: boolean): string[] {
  const all = editionParityProblems(ROOT);
  if (everyLesson) return all;
  const names = files.map((file) => contentPlace(relative(fileURLToPath(CONTENT), file)).name);
  return all.filter((problem) => names.some((name) => problem.includes(`/${name}.md`)));
}

async function checkFiles(
  files: string[],
  dir: string,
  origin: string,
  everyLesson: boolean,
): Promise<number> {
  let passed = 0;
  let failed = 0;
  const types = new TypeCheck();
  for (const file of files) {
    const name = relative(ROOT.pathname, file);
    let cells: CellSpec[];
    let longLines: number;
    let timeProblem: string | null;
    try {
      const source = await readFile(file, 'utf8');
      const tree = parseLesson(source, name);
      const collected = collectCells(tree, name);
      cells = collected.map(({ spec }) => spec);
      longLines = printLongLines(collected);
      timeProblem = readingTimeProblem(source, name, tree);
    } catch (error) {
      failed += 1;
      console.log(`✗ ${name}\n  ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (timeProblem !== null) console.log(`  ✗ ${timeProblem}`);
    const timeFailures = timeProblem === null ? 0 : 1;
    failed += longLines + timeFailures;
    const typeFailures = types.check(cells);
    const result = await checkLesson(file, cells, origin);
    passed += result.passed;
    failed += result.failed + typeFailures;
    console.log(
      `${result.failed + typeFailures + longLines + timeFailures === 0 ? '✓' : '✗'} ${slugOf(file, dir)}: ${result.passed}/${cells.length} cells${typeFailures === 0 ? '' : `, ${typeFailures} with type errors`}${longLines === 0 ? '' : `, ${longLines} lines over ${MAX_CELL_LINE} characters`}${timeFailures === 0 ? '' : ', its stated time is wrong'}`,
    );
  }
  console.log(types.summary(files.length));
  const parity = parityProblems(files, everyLesson);
  for (const problem of parity) console.log(`  ✗ ${problem}`);
  console.log(
    parity.length === 0
      ? '✓ editions: every lesson has its translation, with the same cells'
      : `✗ editions: ${parity.length} ${parity.length === 1 ? 'difference' : 'differences'}`,
  );
  failed += parity.length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

// Cells may write files relative to the working directory (the caching lesson's cache
// folders, as joblib would): run them in a scratch folder, removed at the end.
const scratch = await mkdtemp(join(tmpdir(), 'yieldbook-lessons-'));
process.chdir(scratch);
try {
  process.exitCode = await main();
} finally {
  await rm(scratch, { recursive: true, force: true });
}
