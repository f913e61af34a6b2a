/**
 * Cross-origin isolation for a static host that sends no headers: the service worker
 * passes each response of the site on with the site's own headers added (COOP, COEP and
 * CORP, which make the page cross-origin isolated, and the security headers with the
 * content security policy). A response that already carries COEP came from a host (or
 * the site's server) that sends the headers itself: it passes unchanged, so nothing is
 * sent twice.
 */

/** `response` with `headers` added, or `response` itself when the host sent the headers. */
export function withSiteHeaders(
  response: Response,
  headers: Readonly<Record<string, string>>,
): Response {
  // An opaque or error response (status 0) cannot be rebuilt, and needs no headers.
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') {
    return response;
  }
  if (response.headers.has('Cross-Origin-Embedder-Policy')) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (!merged.has(name)) merged.set(name, value);
  }
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}
