import { describe, expect, it } from 'vitest';
import {
  DEV_HEADERS,
  ISOLATION_HEADERS,
  isWorkerScript,
  pagePolicy,
  siteHeaders,
  WORKER_POLICY,
} from '../../../../src/server/headers/site-headers.ts';

const HASH = "'sha256-7eCV4jtsr4t4knb3c4FCRPeu7GGZeOUGE3XvWix0XOQ='";

/** The sources of one directive of a policy. */
function sources(policy: string | undefined, name: string): string[] | undefined {
  for (const directive of (policy ?? '').split(';')) {
    const [first, ...rest] = directive.trim().split(/\s+/u);
    if (first === name) return rest;
  }
  return undefined;
}

describe('siteHeaders', () => {
  it('gives every response isolation, nosniff, a referrer policy and no framing', () => {
    const { page, worker } = siteHeaders([HASH]);
    for (const headers of [page, worker, DEV_HEADERS]) {
      expect(headers).toMatchObject(ISOLATION_HEADERS);
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('same-origin');
      expect(headers['X-Frame-Options']).toBe('DENY');
      const policy = headers['Content-Security-Policy'];
      expect(sources(policy, 'frame-ancestors')).toEqual(["'none'"]);
      expect(sources(policy, 'object-src')).toEqual(["'none'"]);
      expect(sources(policy, 'base-uri')).toEqual(["'self'"]);
      expect(sources(policy, 'form-action')).toEqual(["'self'"]);
      expect(sources(policy, 'connect-src')).toEqual(["'self'"]);
    }
  });

  it('lets pages run their hashed inline scripts and compile WebAssembly, never JavaScript eval; workers eval', () => {
    const { page, worker } = siteHeaders([HASH]);
    expect(sources(page['Content-Security-Policy'], 'script-src')).toEqual([
      "'self'",
      "'wasm-unsafe-eval'",
      HASH,
    ]);
    expect(sources(worker['Content-Security-Policy'], 'script-src')).toEqual([
      "'self'",
      "'unsafe-eval'",
      "'wasm-unsafe-eval'",
    ]);
    expect(worker['Content-Security-Policy']).toBe(WORKER_POLICY);
  });

  it('allows inline styles (token colours, the editor theme) and, in dev only, inline scripts', () => {
    expect(sources(pagePolicy([]), 'style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(sources(DEV_HEADERS['Content-Security-Policy'], 'script-src')).toEqual([
      "'self'",
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'wasm-unsafe-eval'",
    ]);
  });

  it('refuses a hash that is not a CSP hash source', () => {
    expect(() => pagePolicy(["'unsafe-inline'"])).toThrow(
      /^Expected `scriptHashes` to hold sources like 'sha256-…', got "'unsafe-inline'"$/u,
    );
    expect(() => pagePolicy(['sha256-abc='])).toThrow(/got "sha256-abc="/u);
  });
});

describe('isWorkerScript', () => {
  it('knows the worker entries Vite emits and nothing else', () => {
    expect(isWorkerScript('/_astro/kernel.worker-BlG2GD2v.js')).toBe(true);
    expect(isWorkerScript('/_astro/pool.worker-CgIY13dt.js')).toBe(true);
    expect(isWorkerScript('/_astro/isolate.worker-sZm5sjTe.js')).toBe(true);
    expect(isWorkerScript('/_astro/node-worker-B3wRcaSi.js')).toBe(false);
    expect(isWorkerScript('/_astro/page.BxQ1.js')).toBe(false);
    expect(isWorkerScript('/lessons/kernel.worker-BlG2GD2v.js')).toBe(false);
    expect(isWorkerScript('/_astro/kernel.worker-BlG2GD2v.js/')).toBe(false);
    expect(isWorkerScript('/lessons/generators/')).toBe(false);
  });
});
