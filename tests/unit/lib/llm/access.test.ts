import { describe, expect, it } from 'vitest';
import { accessNote, parseAccessInfo, readAccess } from '../../../../src/lib/llm/access.ts';

const OPEN = { access: 'open', student: null, expires: null, reason: null, offline: true };

describe('readAccess', () => {
  it('asks GET <proxy>/access with the token as a bearer key and checks the answer', async () => {
    const seen: [string, string | null][] = [];
    const fake = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push([String(input), new Headers(init?.headers).get('authorization')]);
      return Response.json({
        ...OPEN,
        access: 'students',
        reason: 'access_expired',
        offline: false,
      });
    };
    const info = await readAccess('http://site.test/x/api/llm/v1', 'yb1.p.s', fake as typeof fetch);
    expect(info).toEqual({
      access: 'students',
      student: null,
      expires: null,
      reason: 'access_expired',
      offline: false,
    });
    await readAccess('http://site.test/api/llm/v1', null, fake as typeof fetch);
    expect(seen).toEqual([
      ['http://site.test/x/api/llm/v1/access', 'Bearer yb1.p.s'],
      ['http://site.test/api/llm/v1/access', 'Bearer yieldbook-proxy'],
    ]);
  });

  it('is null when the proxy does not answer the question (an older server, a network error)', async () => {
    const notFound = async () => Response.json({ error: {} }, { status: 404 });
    const failing = async () => {
      throw new TypeError('fetch failed');
    };
    const odd = async () => Response.json({ access: 'everyone' });
    for (const fake of [notFound, failing, odd]) {
      expect(
        await readAccess('http://site.test/api/llm/v1', null, fake as typeof fetch),
      ).toBeNull();
    }
  });
});

describe('parseAccessInfo', () => {
  it('keeps the contract fields and refuses other shapes', () => {
    expect(parseAccessInfo({ ...OPEN, extra: 1 })).toEqual(OPEN);
    expect(parseAccessInfo({ ...OPEN, offline: 'yes' })?.offline).toBe(false);
    expect(parseAccessInfo({ ...OPEN, reason: 'nope' })).toBeNull();
    expect(parseAccessInfo({ ...OPEN, student: 3 })).toBeNull();
    expect(parseAccessInfo(null)).toBeNull();
  });
});

describe('accessNote', () => {
  it('says why the offline model answers and what to do, for every reason', () => {
    expect(accessNote('access_required')).toMatch(/not signed in.*yieldbook-offline.*access link/u);
    expect(accessNote('access_invalid')).toMatch(/not valid.*access link/u);
    expect(accessNote('access_expired')).toMatch(/expired.*new access link/u);
    expect(accessNote('access_revoked')).toMatch(/revoked.*instructor/u);
  });
});
