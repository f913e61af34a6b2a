/**
 * What the LLM proxy says of the reader's access (`GET /api/llm/v1/access`), and the note a
 * cell shows when the offline model answers because the reader has no valid token.
 */
import { bearer } from '../../core/access-token.ts';

/** Why the proxy refuses the reader's paid requests. */
export type AccessReason =
  | 'access_required'
  | 'access_invalid'
  | 'access_expired'
  | 'access_revoked';

/** The proxy's answer to `GET /access`. */
export interface AccessInfo {
  /** `open`: anyone may use every model; `students`: paid models need a valid token. */
  access: 'open' | 'students';
  /** The student the token names, when it is valid. */
  student: string | null;
  /** When the token expires (ISO 8601), when it is valid. */
  expires: string | null;
  /** Why the token is not accepted, or null when it is (or none is needed). */
  reason: AccessReason | null;
  /** True when the site has no upstream: only the built-in offline models answer. */
  offline: boolean;
}

const REASONS: readonly string[] = [
  'access_required',
  'access_invalid',
  'access_expired',
  'access_revoked',
];

/** The answer's fields, checked; null when it is not shaped like the contract says. */
export function parseAccessInfo(value: unknown): AccessInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const body = value as Record<string, unknown>;
  const { access, student, expires, reason, offline } = body;
  if (access !== 'open' && access !== 'students') return null;
  if (student !== null && typeof student !== 'string') return null;
  if (expires !== null && typeof expires !== 'string') return null;
  if (reason !== null && !(typeof reason === 'string' && REASONS.includes(reason))) return null;
  return {
    access,
    student,
    expires,
    reason: reason as AccessReason | null,
    offline: offline === true,
  };
}

/**
 * Asks the proxy at `proxyUrl` what it makes of `token` (null: none). Resolves with null
 * when the proxy does not answer the question (a server without classroom access), so a
 * site that predates it keeps working.
 */
export async function readAccess(
  proxyUrl: string,
  token: string | null,
  fetchAccess: typeof fetch = fetch,
): Promise<AccessInfo | null> {
  try {
    const response = await fetchAccess(`${proxyUrl}/access`, {
      headers: { Accept: 'application/json', Authorization: bearer(token) },
    });
    if (!response.ok) return null;
    return parseAccessInfo(await response.json());
  } catch {
    return null;
  }
}

/** What a cell says when the offline model answers for want of a valid token: why, and what to do. */
export function accessNote(reason: AccessReason): string {
  const then =
    'so the built-in offline model (yieldbook-offline) answers instead of the course model.';
  switch (reason) {
    case 'access_required':
      return `This page is not signed in, ${then} Open the access link your instructor sent you, then restart the kernel.`;
    case 'access_invalid':
      return `The access token of this browser is not valid, ${then} Open the access link your instructor sent you again, then restart the kernel.`;
    case 'access_expired':
      return `Your access token has expired, ${then} Ask your instructor for a new access link, open it, then restart the kernel.`;
    case 'access_revoked':
      return `Your access has been revoked, ${then} Ask your instructor if you think this is a mistake.`;
  }
}
