import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  checkStudentId,
  signToken,
  verifyToken,
} from '../../../../src/server/access/token.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';

describe('student access tokens', () => {
  it('round-trips: what is signed verifies, with its claims', () => {
    const token = signToken({ sub: 'ada.l@school-1', iat: 1000, exp: 2000 }, SECRET);
    expect(token).toMatch(/^yb1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(token, SECRET, 1500)).toEqual({
      ok: true,
      claims: { sub: 'ada.l@school-1', iat: 1000, exp: 2000 },
    });
  });

  it('has the contract’s payload: base64url JSON of sub, iat, exp', () => {
    const token = signToken({ sub: 'bo', iat: 1, exp: 2 }, SECRET);
    const payload = token.split('.')[1] ?? '';
    expect(payload).not.toContain('=');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toEqual({
      sub: 'bo',
      iat: 1,
      exp: 2,
    });
  });

  it('refuses a tampered payload, signature, prefix or secret', () => {
    const token = signToken({ sub: 'bo', iat: 1000, exp: 2000 }, SECRET);
    const [prefix, payload = '', signature = ''] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'eve', iat: 1000, exp: 2000 })).toString(
      'base64url',
    );
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `${prefix}.${forged}.${signature}`,
      `${prefix}.${payload}.${flipped}`,
      `yb2.${payload}.${signature}`,
      `${prefix}.${payload}`,
      '',
      'yieldbook-proxy',
    ]) {
      expect(verifyToken(bad, SECRET, 1500)).toEqual({ ok: false, reason: 'access_invalid' });
    }
    expect(verifyToken(token, `${SECRET}x`, 1500)).toEqual({ ok: false, reason: 'access_invalid' });
  });

  it('refuses a token at and after its expiry, saying whose it was', () => {
    const token = signToken({ sub: 'bo', iat: 1000, exp: 2000 }, SECRET);
    expect(verifyToken(token, SECRET, 1999).ok).toBe(true);
    expect(verifyToken(token, SECRET, 2000)).toEqual({
      ok: false,
      reason: 'access_expired',
      claims: { sub: 'bo', iat: 1000, exp: 2000 },
    });
  });

  it('refuses bad student ids with the house message', () => {
    expect(() => checkStudentId('has space')).toThrow('Expected a student id to be 1–64');
    expect(() => checkStudentId('')).toThrow('got ""');
    expect(() => checkStudentId('x'.repeat(65))).toThrow('Expected a student id');
    expect(() => signToken({ sub: 'bo', iat: 1.5, exp: 2 }, SECRET)).toThrow(
      'Expected `iat` to be unix seconds',
    );
  });

  it('reads the bearer token, treating the browser’s placeholder key as none', () => {
    expect(bearerToken('Bearer yb1.a.b')).toBe('yb1.a.b');
    expect(bearerToken('bearer  yb1.a.b ')).toBe('yb1.a.b');
    expect(bearerToken('Bearer yieldbook-proxy')).toBeNull();
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
  });
});
