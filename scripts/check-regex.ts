/**
 * `npm run check:regex`: finds every regular expression in src/**\/*.ts (literals, and
 * `RegExp(...)` with a literal source), checks each for catastrophic backtracking with
 * recheck, prints a table, and exits 1 when one is vulnerable (super-linear) or unknown
 * (recheck gave up). Patterns built at run time are listed as `dynamic`; they cannot be
 * judged statically.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import process from 'node:process';
import { checkRegexSites, findRegexSites, formatTable } from './support/regex-sites.ts';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'src');

const entries = await readdir(SOURCE, { withFileTypes: true, recursive: true });
const files = entries
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();
const sites = [];
for (const path of files) {
  sites.push(...findRegexSites(await readFile(path, 'utf8'), relative(ROOT, path)));
}
const checked = await checkRegexSites(sites);
console.log(formatTable(checked));
const count = (status: string) => checked.filter((site) => site.status === status).length;
console.log(
  `\n${checked.length} regular expressions in ${files.length} files: ${count('safe')} safe, ` +
    `${count('vulnerable')} vulnerable, ${count('unknown')} unknown, ${count('dynamic')} dynamic`,
);
if (count('vulnerable') > 0 || count('unknown') > 0) {
  // `unknown`: recheck gave up, so nothing says the pattern is linear; it fails like one
  // found vulnerable.
  console.error(
    'Rewrite the vulnerable or unknown patterns above so that matching takes linear time.',
  );
  process.exitCode = 1;
}
