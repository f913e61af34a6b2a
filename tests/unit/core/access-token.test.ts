import { describe, expect, it } from 'vitest';
import {
  ACCESS_STORAGE_KEY,
  bearer,
  decodeAccessToken,
  readAccessToken,
} from '../../../src/core/access-token.ts';

/** A token shaped as the contract says, with a signature nobody checks here. */
function token(payload: unknown): string {
  const json = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return `yb1.${Buffer.from(json, 'utf8').toString('base64url')}.c2lnbmF0dXJl`;
}

describe('decodeAccessToken', () => {
  it('reads the student and the dates of a well-shaped token, without verifying it', () => {
    expect(
      decodeAccessToken(token({ sub: 'ada.l@school-1', iat: 1_790_000_000, exp: 1_790_086_400 })),
    ).toEqual({
      student: 'ada.l@school-1',
      issuedAt: new Date(1_790_000_000_000),
      expires: new Date(1_790_086_400_000),
    });
  });

  it('decodes UTF-8 and payloads whose base64url needs padding back', () => {
    for (const sub of ['a', 'ab', 'abc', 'abcd']) {
      expect(decodeAccessToken(token({ sub, iat: 1, exp: 2, note: 'é' }))?.student).toBe(sub);
    }
  });

  it('refuses anything not shaped like a token', () => {
    const bad = [
      '',
      'yieldbook-proxy',
      'yb1.e30',
      `yb2.${token({ sub: 'a', iat: 1, exp: 2 }).slice(4)}`,
      `${token({ sub: 'a', iat: 1, exp: 2 }).slice(0, -12)}.`,
      token('not json'),
      token([]),
      token({ sub: '', iat: 1, exp: 2 }),
      token({ sub: 'has space', iat: 1, exp: 2 }),
      token({ sub: 'x'.repeat(65), iat: 1, exp: 2 }),
      token({ sub: 'a', iat: 1.5, exp: 2 }),
      token({ sub: 'a', iat: 1 }),
      'yb1.!!!.sig',
      `yb1.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`,
    ];
    for (const value of bad) expect(decodeAccessToken(value), value).toBeNull();
  });
});

describe('readAccessToken and bearer', () => {
  it('reads the stored token, treating empty, missing and unusable storage as none', () => {
    const stored = new Map([[ACCESS_STORAGE_KEY, 'yb1.a.b']]);
    expect(readAccessToken({ getItem: (key) => stored.get(key) ?? null })).toBe('yb1.a.b');
    expect(readAccessToken({ getItem: () => '' })).toBeNull();
    expect(readAccessToken({ getItem: () => null })).toBeNull();
    expect(readAccessToken(null)).toBeNull();
    const throwing = {
      getItem(): string | null {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(readAccessToken(throwing)).toBeNull();
  });

  it('sends the token, or the placeholder key that means "no token"', () => {
    expect(bearer('yb1.a.b')).toBe('Bearer yb1.a.b');
    expect(bearer(null)).toBe('Bearer yieldbook-proxy');
  });
});
