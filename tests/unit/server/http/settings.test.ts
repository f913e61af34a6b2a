import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readServerSettings, SERVER_SETTINGS } from '../../../../src/server/http/settings.ts';

describe('the server settings', () => {
  it('defaults to plain HTTP, no trusted proxy and a 30 s grace', () => {
    expect(readServerSettings({})).toEqual({
      tls: null,
      trustProxy: { kind: 'none' },
      shutdownGraceMs: 30_000,
    });
  });

  it('reads TLS files as a pair, and says which half is missing', () => {
    expect(readServerSettings({ TLS_CERT_FILE: ' c.pem ', TLS_KEY_FILE: 'k.pem' }).tls).toEqual({
      certFile: 'c.pem',
      keyFile: 'k.pem',
    });
    expect(() => readServerSettings({ TLS_CERT_FILE: 'c.pem' })).toThrow(
      'Expected `TLS_CERT_FILE` and `TLS_KEY_FILE` to be set together, got `TLS_CERT_FILE` without `TLS_KEY_FILE`',
    );
    expect(() => readServerSettings({ TLS_KEY_FILE: 'k.pem', TLS_CERT_FILE: ' ' })).toThrow(
      'got `TLS_KEY_FILE` without `TLS_CERT_FILE`',
    );
  });

  it('refuses a grace that is not a whole number of milliseconds', () => {
    expect(readServerSettings({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(() => readServerSettings({ SHUTDOWN_GRACE_MS: '1.5' })).toThrow(
      'Expected `SHUTDOWN_GRACE_MS` to be an integer of at least 0, got 1.5',
    );
  });

  it('is the README "Serving" table: every row, each number default as written there', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const names = new Set<string>(SERVER_SETTINGS.map((row) => row.name));
    const documented = new Map<string, string>();
    for (const line of readme.split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      const name = /^`([A-Z_]+)`$/u.exec(cells[1] ?? '')?.[1];
      if (name !== undefined && names.has(name)) documented.set(name, cells[2] ?? '');
    }
    expect([...documented.keys()].sort()).toEqual([...names].sort());
    for (const row of SERVER_SETTINGS) {
      if (row.kind === 'integer')
        expect(documented.get(row.name), row.name).toBe(String(row.default));
    }
  });
});
