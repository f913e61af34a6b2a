// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAccessStatus } from '../../../src/components/access/access-status.ts';
import type { AccessClaims } from '../../../src/core/access-token.ts';

const KEY = 'yieldbook-access-test';
const EXPIRES = new Date('2031-04-05T06:07:00Z');

/** The markup AccessStatus.astro renders, with its data attributes. */
function statusRoot(): HTMLElement {
  const root = document.createElement('section');
  root.innerHTML = [
    '<p data-access-signed-in hidden><strong data-access-student></strong>',
    '<span data-access-expiry></span><button data-access-sign-out></button></p>',
    '<p data-access-model hidden></p><p data-access-announce></p>',
  ].join('');
  document.body.append(root);
  return root;
}

function start(root: HTMLElement): void {
  const claims: AccessClaims = { student: 's-1', issuedAt: new Date(0), expires: EXPIRES };
  startAccessStatus(
    root,
    {
      storageKey: KEY,
      changeEvent: 'yieldbook-access-test-change',
      placeholderKey: 'none',
      proxyPath: '/api/llm/v1',
      words: { unreadableToken: '?', expiredOn: 'expired ', until: 'until ', signedOut: 'out' },
    },
    () => claims,
  );
}

beforeEach(() => {
  // The status also asks the proxy whether it runs the offline model; no proxy here.
  vi.stubGlobal('fetch', () => new Promise<Response>(() => {}));
});

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem(KEY);
  document.body.replaceChildren();
  document.documentElement.lang = '';
});

describe('startAccessStatus', () => {
  it("writes the expiry in the page's language, whatever the browser's", () => {
    localStorage.setItem(KEY, 'yb1.token.sig');
    const options = { dateStyle: 'medium', timeStyle: 'short' } as const;
    for (const lang of ['ja', 'en']) {
      document.documentElement.lang = lang;
      const root = statusRoot();
      start(root);
      const time = root.querySelector('time');
      expect(time?.dateTime).toBe(EXPIRES.toISOString());
      expect(time?.textContent).toBe(EXPIRES.toLocaleString(lang, options));
    }
    expect(EXPIRES.toLocaleString('ja', options)).not.toBe(EXPIRES.toLocaleString('en', options));
  });
});
