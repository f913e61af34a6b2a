import { describe, expect, it } from 'vitest';
import { earlyScript, RELOAD_MARK } from '../../../src/integrations/static-site/early-script.ts';
import { parseSiteBase } from '../../../src/integrations/static-site/site-base.ts';

describe('parseSiteBase', () => {
  it('gives a path with a slash at each end', () => {
    expect(parseSiteBase(undefined)).toBe('/');
    expect(parseSiteBase('')).toBe('/');
    expect(parseSiteBase('/')).toBe('/');
    expect(parseSiteBase('repo')).toBe('/repo/');
    expect(parseSiteBase('/repo')).toBe('/repo/');
    expect(parseSiteBase('/org/course.v2/')).toBe('/org/course.v2/');
  });

  it('refuses what is not a plain path', () => {
    for (const value of ['/a b/', 'https://x.test/', '/a/../b/', '/a?b/']) {
      expect(() => parseSiteBase(value), value).toThrow(
        /^Expected `SITE_BASE` to be a path like \/repo\//u,
      );
    }
  });
});

/** Runs the early script against a fake window; returns what it did. */
function runEarly(hash: string, { isolated = false, controlled = false, active = true } = {}) {
  const stored = new Map<string, string>();
  const session = new Map<string, string>();
  const calls: string[] = [];
  const storage = (map: Map<string, string>) => ({
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => map.set(key, value),
    removeItem: (key: string) => map.delete(key),
  });
  const scope = {
    location: {
      hash,
      pathname: '/repo/lessons/a/',
      search: '?x=1',
      reload: () => calls.push('reload'),
    },
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => calls.push(`replace ${url}`),
    },
    localStorage: storage(stored),
    sessionStorage: storage(session),
    crossOriginIsolated: isolated,
    isSecureContext: true,
    navigator: {
      serviceWorker: {
        controller: controlled ? {} : null,
        register: (url: string, options: { scope: string }) => {
          calls.push(`register ${url} ${options.scope}`);
          return Promise.resolve({ active: active ? {} : null });
        },
        addEventListener: (type: string) => calls.push(`listen ${type}`),
      },
    },
    dispatchEvent: (event: Event) => calls.push(`event ${event.type}`),
    Event,
  };
  const names = Object.keys(scope);
  new Function(...names, earlyScript('/repo/'))(...Object.values(scope));
  return { stored, session, calls };
}

describe('earlyScript', () => {
  it('stores the token of an access link and takes it out of the address bar', () => {
    const { stored, calls } = runEarly('#access=yb1.eyJzdWIiOiJhIn0.c2ln', { isolated: true });
    expect(stored.get('yieldbook.access')).toBe('yb1.eyJzdWIiOiJhIn0.c2ln');
    expect(calls).toEqual(['replace /repo/lessons/a/?x=1', 'event yieldbook:access']);
  });

  it('leaves other fragments and isolated pages alone', () => {
    const { stored, calls } = runEarly('#section-2', { isolated: true });
    expect(stored.size).toBe(0);
    expect(calls).toEqual([]);
  });

  it('registers the service worker under the base and reloads once when it is active', async () => {
    const first = runEarly('');
    await Promise.resolve();
    await Promise.resolve();
    expect(first.calls).toEqual(['register /repo/sw.js /repo/', 'reload']);
    expect(first.session.get(RELOAD_MARK)).toBe('1');
  });

  it('waits for control when the worker is still installing, and never reloads a controlled page', async () => {
    const installing = runEarly('', { active: false });
    const controlled = runEarly('', { controlled: true });
    await Promise.resolve();
    await Promise.resolve();
    expect(installing.calls).toEqual(['register /repo/sw.js /repo/', 'listen controllerchange']);
    expect(controlled.calls).toEqual(['register /repo/sw.js /repo/']);
  });
});
