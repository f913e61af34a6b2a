/**
 * The server `server.mjs` listens with: plain HTTP/1.1, or, when `TLS_CERT_FILE` and
 * `TLS_KEY_FILE` are set, HTTPS with HTTP/2 and HTTP/1.1 for clients without it. Browsers
 * send all of a page's requests over one HTTP/2 connection, so a page's 50 requests in
 * flight reach the server as 50, not six.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { ServerSettings } from './settings.ts';

/** A certificate chain and its key, PEM. */
export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
}

async function readSetting(name: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Expected \`${name}\` to name a readable file, got ${path} (${reason})`, {
      cause: error,
    });
  }
}

/** Reads the certificate and key the settings name; null when TLS is off. */
export async function loadTlsCredentials(
  tls: ServerSettings['tls'],
): Promise<TlsCredentials | null> {
  if (tls === null) return null;
  const [cert, key] = await Promise.all([
    readSetting('TLS_CERT_FILE', tls.certFile),
    readSetting('TLS_KEY_FILE', tls.keyFile),
  ]);
  return { cert, key };
}

/** Either kind of server, with the listener both share. */
export type SiteServer = Server | Http2SecureServer;

/**
 * A server for `listener`: HTTP/2 over TLS with HTTP/1.1 fallback when `credentials` are
 * given, else plain HTTP/1.1. Throws a clear error when the certificate and key do not fit.
 */
export function createSiteServer(
  credentials: TlsCredentials | null,
  listener: RequestListener,
): SiteServer {
  if (credentials === null) return createServer(listener);
  try {
    // The compatibility API gives HTTP/2 requests the shape of Node's HTTP/1 ones
    // (Http2ServerRequest/Response), which Astro's Node handler writes to as well.
    return createSecureServer(
      { cert: credentials.cert, key: credentials.key, allowHTTP1: true },
      listener as unknown as Parameters<typeof createSecureServer>[1],
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Expected \`TLS_CERT_FILE\` and \`TLS_KEY_FILE\` to hold a PEM certificate and its private key, got an error: ${reason}`,
      { cause: error },
    );
  }
}
