/**
 * Classroom access tokens as the browser sees them (the server signs and checks them).
 *
 * A token is `yb1.<payload>.<signature>`; the payload is base64url JSON
 * `{"sub":"<student id>","iat":<unix s>,"exp":<unix s>}`. The page decodes it only to show
 * who it is signed in as: it never verifies, the server does. Shared by the page (the
 * access status, the notebook) and the kernel, which sends the token to the LLM proxy.
 */

/** The `localStorage` key the token lives under (an access link `#access=<token>` puts it there). */
export const ACCESS_STORAGE_KEY = 'yieldbook.access';

/** The event the page dispatches on `window` when this page signs in or out (other tabs get `storage`). */
export const ACCESS_CHANGE_EVENT = 'yieldbook:access';

/** The key the client sends when it has no token: the proxy reads it as "no token". */
export const PLACEHOLDER_KEY = 'yieldbook-proxy';

/** What a token's payload says, unverified. */
export interface AccessClaims {
  /** The student id. */
  student: string;
  /** When the token was issued. */
  issuedAt: Date;
  /** When the token expires. */
  expires: Date;
}

/**
 * The claims of a token, or null when it is not shaped like one (three parts, `yb1`, a
 * JSON payload with a valid `sub` and whole-second `iat` and `exp`). Never checks the
 * signature or the expiry.
 *
 * Self-contained (it uses nothing outside its body): pages get it as source text, inline.
 */
export function decodeAccessToken(token: string): AccessClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'yb1' || parts[2] === '') return null;
  const encoded = parts[1] ?? '';
  if (!/^[A-Za-z0-9_-]*$/u.test(encoded)) return null;
  let payload: unknown;
  try {
    const base64 = encoded.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, iat, exp } = payload as Record<string, unknown>;
  // Student ids: 1 to 64 characters of letters, digits and `._@-`.
  if (typeof sub !== 'string' || !/^[A-Za-z0-9._@-]{1,64}$/u.test(sub)) return null;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
  return {
    student: sub,
    issuedAt: new Date((iat as number) * 1000),
    expires: new Date((exp as number) * 1000),
  };
}

/** The token stored in `storage`, or null (none, or storage unavailable). */
export function readAccessToken(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    const token = storage?.getItem(ACCESS_STORAGE_KEY) ?? null;
    return token === '' ? null : token;
  } catch {
    return null;
  }
}

/** The `Authorization` header value for `token` (the placeholder key when there is none). */
export function bearer(token: string | null): string {
  return `Bearer ${token ?? PLACEHOLDER_KEY}`;
}
