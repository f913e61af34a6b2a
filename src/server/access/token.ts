/**
 * Student access tokens: `yb1.<payload>.<signature>`, where the payload is base64url (no
 * padding) of `{"sub","iat","exp"}` and the signature base64url HMAC-SHA256 with the
 * server's secret over `yb1.<payload>`. Checking one needs the secret only, no database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The token's version prefix. */
export const TOKEN_PREFIX = 'yb1';

/** Student ids: 1 to 64 characters of letters, digits and `._@-`. */
export const STUDENT_ID = /^[A-Za-z0-9._@-]{1,64}$/;

/** What a token says. */
export interface TokenClaims {
  /** The student id. */
  sub: string;
  /** Issued at, in unix seconds. */
  iat: number;
  /** Expires at, in unix seconds. */
  exp: number;
}

/** The result of checking a token: its claims, or why it is refused. */
export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'access_invalid' }
  | { ok: false; reason: 'access_expired'; claims: TokenClaims };

/** Throws unless `id` is a valid student id. */
export function checkStudentId(id: string): string {
  if (!STUDENT_ID.test(id)) {
    throw new TypeError(
      `Expected a student id to be 1–64 characters of letters, digits and . _ @ -, got ${JSON.stringify(id.slice(0, 80))}`,
    );
  }
  return id;
}

function signature(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

/** Signs `claims` into a token. */
export function signToken(claims: TokenClaims, secret: string): string {
  checkStudentId(claims.sub);
  for (const name of ['iat', 'exp'] as const) {
    if (!Number.isSafeInteger(claims[name]) || claims[name] < 0) {
      throw new TypeError(
        `Expected \`${name}\` to be unix seconds (a whole number), got ${claims[name]}`,
      );
    }
  }
  const payload = Buffer.from(
    JSON.stringify({ sub: claims.sub, iat: claims.iat, exp: claims.exp }),
    'utf8',
  ).toString('base64url');
  const signed = `${TOKEN_PREFIX}.${payload}`;
  return `${signed}.${signature(secret, signed)}`;
}

const SHAPE = /^yb1\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;

/**
 * Checks `token`'s shape, signature (in constant time) and expiry at `nowSeconds`. The
 * signature is checked before the payload is parsed, so nothing unsigned is ever read.
 */
export function verifyToken(token: string, secret: string, nowSeconds: number): TokenCheck {
  const match = SHAPE.exec(token);
  if (match === null) return { ok: false, reason: 'access_invalid' };
  const [, payload = '', given = ''] = match;
  const expected = Buffer.from(signature(secret, `${TOKEN_PREFIX}.${payload}`), 'base64url');
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, reason: 'access_invalid' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'access_invalid' };
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    !('sub' in claims && 'iat' in claims && 'exp' in claims) ||
    typeof claims.sub !== 'string' ||
    !STUDENT_ID.test(claims.sub) ||
    !Number.isSafeInteger(claims.iat) ||
    !Number.isSafeInteger(claims.exp)
  ) {
    return { ok: false, reason: 'access_invalid' };
  }
  const checked: TokenClaims = {
    sub: claims.sub,
    iat: claims.iat as number,
    exp: claims.exp as number,
  };
  if (nowSeconds >= checked.exp) return { ok: false, reason: 'access_expired', claims: checked };
  return { ok: true, claims: checked };
}

/** The token of an `Authorization: Bearer …` header; null for none or the browser's placeholder. */
export function bearerToken(header: string | null): string | null {
  if (header === null) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const token = match?.[1] ?? null;
  return token === null || token === PLACEHOLDER_KEY ? null : token;
}

/** The key `yieldbook/llm` sends when it has no token: "no token". */
export const PLACEHOLDER_KEY = 'yieldbook-proxy';
