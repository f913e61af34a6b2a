/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with openssl in a temporary
 * folder: for the tests and benchmarks that serve the site over HTTPS with HTTP/2.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the certificate and its key are; `remove()` deletes the folder. */
export interface SelfSigned {
  readonly certFile: string;
  readonly keyFile: string;
  remove(): void;
}

/** Makes a certificate valid for a day (openssl must be on the PATH). */
export function selfSignedCertificate(): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'yieldbook-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  // An EC key: made in milliseconds, where RSA takes a while on a busy machine.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
