/**
 * The access status every page shows under its header: who the page is signed in as (from
 * the token an access link stored; decoded, never verified), until when, a Sign out
 * button, and, when the site's proxy says it has no upstream, that the language model is
 * the built-in offline one. Hidden when there is nothing to say.
 *
 * `startAccessStatus` is self-contained: `AccessStatus.astro` inlines its source text after
 * the server-rendered markup, so pages load no script file for it (the page's JavaScript
 * budget) and it runs before the reader can interact.
 */
import type { decodeAccessToken } from '../../core/access-token.ts';

/** Options of `startAccessStatus`: the contract's names, passed in because the function travels as text. */
export interface AccessStatusOptions {
  /** `localStorage` key of the token (`ACCESS_STORAGE_KEY`). */
  storageKey: string;
  /** Event dispatched on `window` when this page signs in or out (`ACCESS_CHANGE_EVENT`). */
  changeEvent: string;
  /** The key sent when there is no token (`PLACEHOLDER_KEY`). */
  placeholderKey: string;
  /** The proxy's URL path, e.g. `/api/llm/v1` or `/repo/api/llm/v1`. */
  proxyPath: string;
  /** The words the script writes, in the page's language (`ACCESS`, src/i18n/ui.ts). */
  words: {
    unreadableToken: string;
    expiredOn: string;
    until: string;
    signedOut: string;
  };
}

/** Fills in and wires the access status rendered in `root` (see AccessStatus.astro). */
export function startAccessStatus(
  root: HTMLElement,
  options: AccessStatusOptions,
  decode: typeof decodeAccessToken,
): void {
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-access-${name}]`);
  const signedIn = part('signed-in');
  const student = part('student');
  const expiry = part('expiry');
  const signOut = part('sign-out');
  const model = part('model');
  const announce = part('announce');
  if (!signedIn || !student || !expiry || !signOut || !model || !announce) return;
  const read = () => {
    try {
      return localStorage.getItem(options.storageKey) || null;
    } catch {
      return null;
    }
  };
  const render = () => {
    const token = read();
    const claims = token === null ? null : decode(token);
    signedIn.hidden = token === null;
    student.textContent = claims === null ? options.words.unreadableToken : claims.student;
    expiry.textContent = '';
    if (claims !== null) {
      const time = document.createElement('time');
      time.dateTime = claims.expires.toISOString();
      // In the page's language (`<html lang>`), as the words around it, not the browser's.
      const lang = root.ownerDocument.documentElement.lang || undefined;
      time.textContent = claims.expires.toLocaleString(lang, {
        dateStyle: 'medium',
        timeStyle: 'short',
      });
      expiry.append(
        claims.expires.getTime() <= Date.now() ? options.words.expiredOn : options.words.until,
        time,
      );
    }
    if (token !== null) announce.textContent = '';
    root.hidden = signedIn.hidden && model.hidden && announce.textContent === '';
  };
  signOut.addEventListener('click', () => {
    try {
      localStorage.removeItem(options.storageKey);
    } catch {
      // Storage refused: nothing was stored either.
    }
    announce.textContent = options.words.signedOut;
    dispatchEvent(new Event(options.changeEvent));
    // The button disappears; the status keeps the focus where the reader was.
    root.focus();
  });
  addEventListener('storage', (event) => {
    if (event.key === options.storageKey || event.key === null) render();
  });
  addEventListener(options.changeEvent, render);
  render();
  const ask = () =>
    fetch(`${options.proxyPath}/access`, {
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${read() ?? options.placeholderKey}`,
      },
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((info: { offline?: unknown } | null) => {
        model.hidden = info?.offline !== true;
        render();
      })
      .catch(() => {});
  // After the page's own loading, so the question never delays it.
  if (document.readyState === 'complete') void ask();
  else addEventListener('load', () => void ask(), { once: true });
}
