import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseProxyConfig } from '../../../../src/server/llm/config.ts';
import { LLM_SETTINGS, readSettings } from '../../../../src/server/llm/settings.ts';

describe('the settings table', () => {
  it('names every setting once, each with a doc line', () => {
    const names = LLM_SETTINGS.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    for (const row of LLM_SETTINGS) {
      expect(row.name).toMatch(/^(LLM_[A-Z_]+|REDIS_URL)$/);
      expect(row.doc.length).toBeGreaterThan(10);
    }
  });

  it('gives each limit row its default and bounds, and the config its value', () => {
    for (const row of LLM_SETTINGS) {
      if (row.kind === 'text' || !('limit' in row)) continue;
      expect(DEFAULT_LIMITS[row.limit]).toBe(row.default);
      const config = parseProxyConfig({ [row.name]: String(row.min) });
      expect(config.limits[row.limit]).toBe(row.min);
      expect(() => parseProxyConfig({ [row.name]: String(row.min - 1) })).toThrow(
        `Expected ${row.name} to be`,
      );
    }
  });

  it('reads text settings trimmed, blank as unset', () => {
    const values = readSettings({ LLM_MODELS: ' a,b ', LLM_API_KEY: '  ' });
    expect(values.LLM_MODELS).toBe('a,b');
    expect(values.LLM_API_KEY).toBeNull();
    expect(values.LLM_BASE_URL).toBeNull();
  });

  it('is the README settings table: every row, each number default as written there', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const documented = new Map<string, string>();
    for (const line of readme.split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      const name = /^`(LLM_[A-Z_]+|REDIS_URL)`$/u.exec(cells[1] ?? '')?.[1];
      if (name !== undefined) documented.set(name, cells[2] ?? '');
    }
    expect([...documented.keys()].sort()).toEqual(LLM_SETTINGS.map((row) => row.name).sort());
    for (const row of LLM_SETTINGS) {
      if (row.kind !== 'text') expect(documented.get(row.name), row.name).toBe(String(row.default));
    }
  });
});
