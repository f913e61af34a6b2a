/**
 * The script every page runs first, inline in `<head>` (so no request delays it and the
 * policy's hash list covers it):
 *
 * 1. An access link (`#access=<token>`) stores the token under `yieldbook.access` and takes
 *    the fragment out of the address bar with `history.replaceState`, before any other
 *    script could read or report the URL.
 * 2. A page that is not cross-origin isolated (a static host that sends no headers)
 *    registers the site's service worker, which adds the headers, and reloads once when
 *    the worker takes control. Where the server sends the headers (`npm start`), the page
 *    is isolated and registers nothing. A page still not isolated after that one reload
 *    (a browser that refuses) keeps running without isolation, as before.
 */
import { ACCESS_CHANGE_EVENT, ACCESS_STORAGE_KEY } from '../../core/access-token.ts';

/** The `sessionStorage` key that marks the one reload, so a page never reloads in a loop. */
export const RELOAD_MARK = 'yieldbook.isolation-reload';

/** The inline script for a site under `base` (`/` or `/<repo>/`). */
export function earlyScript(base: string): string {
  const worker = JSON.stringify(`${base}sw.js`);
  return `(() => {
  const match = /^#access=([A-Za-z0-9._~%-]+)$/.exec(location.hash);
  if (match) {
    try {
      localStorage.setItem(${JSON.stringify(ACCESS_STORAGE_KEY)}, decodeURIComponent(match[1]));
    } catch {}
    history.replaceState(history.state, '', location.pathname + location.search);
    dispatchEvent(new Event(${JSON.stringify(ACCESS_CHANGE_EVENT)}));
  }
  const mark = ${JSON.stringify(RELOAD_MARK)};
  if (crossOriginIsolated) {
    try { sessionStorage.removeItem(mark); } catch {}
    return;
  }
  if (!isSecureContext || !('serviceWorker' in navigator)) return;
  const reloadOnce = () => {
    try {
      if (sessionStorage.getItem(mark)) return;
      sessionStorage.setItem(mark, '1');
    } catch { return; }
    location.reload();
  };
  navigator.serviceWorker.register(${worker}, { scope: ${JSON.stringify(base)} }).then((registration) => {
    if (navigator.serviceWorker.controller) return;
    if (registration.active) reloadOnce();
    else navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
  }, () => {});
})();`;
}
