import { describe, expect, it } from 'vitest';
import {
  checkRegexSites,
  findRegexSites,
  formatTable,
} from '../../../scripts/support/regex-sites.ts';

const CODE = `
const literal = /ab+c/gi;
const built = new RegExp('^x\\\\d+$', 'u');
const called = RegExp(\`plain\`);
const copied = new RegExp(/copy/, 'g');
const dynamic = new RegExp(\`^\${literal.source}$\`);
// /not a regex/ in a comment
const text = '/not a regex either/';
const division = 4 / 2 / 1;
`;

describe('findRegexSites', () => {
  it('finds regex literals and RegExp calls with literal sources, with their lines', () => {
    const sites = findRegexSites(CODE, 'sample.ts');
    expect(sites.map(({ line, pattern, flags }) => ({ line, pattern, flags }))).toEqual([
      { line: 2, pattern: 'ab+c', flags: 'gi' },
      { line: 3, pattern: '^x\\d+$', flags: 'u' },
      { line: 4, pattern: 'plain', flags: '' },
      { line: 5, pattern: 'copy', flags: '' },
      { line: 6, pattern: null, flags: '' },
    ]);
    expect(sites[0]).toMatchObject({ file: 'sample.ts', column: 17, text: '/ab+c/gi' });
    expect(sites[4]?.text).toMatch(/^new RegExp\(`\^\$\{literal\.source\}\$`\)$/);
  });
});

describe('checkRegexSites', () => {
  it('reports an exponential pattern as vulnerable and a linear one as safe', async () => {
    const sites = findRegexSites('const bad = /^(a+)+$/;\nconst good = /^a+$/;\n', 'bad.ts');
    const checked = await checkRegexSites(sites);
    expect(checked.map(({ line, status }) => ({ line, status }))).toEqual([
      { line: 1, status: 'vulnerable' },
      { line: 2, status: 'safe' },
    ]);
    expect(checked[0]?.detail).toMatch(/exponential/);
    const table = formatTable(checked);
    expect(table).toContain('bad.ts:1');
    expect(table).toMatch(/\/\^\(a\+\)\+\$\/\s+vulnerable/);
  }, 60_000);

  it('lists a pattern built at run time as dynamic without checking it', async () => {
    const [site] = await checkRegexSites(findRegexSites('new RegExp(source, "g");'));
    expect(site).toMatchObject({ status: 'dynamic', pattern: null });
  });
});
