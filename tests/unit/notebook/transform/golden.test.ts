import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transformCell } from '../../../../src/notebook/transform/transform.ts';

// Each `fixtures/<name>.ts` is a cell; `fixtures/<name>.expected.js` is the exact
// code the transform must produce for it. `UPDATE_GOLDEN=1` rewrites the expectations.
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const { UPDATE_GOLDEN } = process.env;
const update = UPDATE_GOLDEN === '1';
const names = readdirSync(fixtures)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

describe('cell transform golden files', () => {
  it('has fixtures to check', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of names) {
    it(name, () => {
      const source = readFileSync(`${fixtures}${name}.ts`, 'utf8');
      const { code } = transformCell(source, { cellId: name, runId: 1 });
      const expectedFile = `${fixtures}${name}.expected.js`;
      const actualFile = `${fixtures}${name}.actual.js`;
      if (update) {
        writeFileSync(expectedFile, code);
        rmSync(actualFile, { force: true });
        return;
      }
      const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8') : '';
      if (code === expected) {
        rmSync(actualFile, { force: true });
      } else {
        writeFileSync(actualFile, code);
      }
      expect(code, `${name}.actual.js written beside the fixture`).toBe(expected);
    });
  }

  for (const name of names) {
    it(`${name} keeps every line of the source on its line`, () => {
      const source = readFileSync(`${fixtures}${name}.ts`, 'utf8');
      const { code } = transformCell(source, { cellId: name, runId: 1 });
      const sourceLines = source.split('\n').length;
      // The wrapper adds exactly two lines after the author's last one: `})` and the sourceURL.
      expect(code.split('\n').length).toBe(sourceLines + 2);
    });
  }
});
