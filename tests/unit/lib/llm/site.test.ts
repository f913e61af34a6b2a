import { describe, expect, it } from 'vitest';
import {
  accessToken,
  installSiteInfo,
  SITE_INFO,
  siteBase,
  siteFile,
  siteOrigin,
} from '../../../../src/lib/llm/site.ts';

describe('site origin for cell libraries', () => {
  it('prefers the origin the kernel installed, and removes it on teardown', () => {
    const scope = { location: { origin: 'http://worker.invalid' } };
    const undo = installSiteInfo(scope, { origin: 'http://127.0.0.1:4321' });
    expect(siteOrigin(scope)).toBe('http://127.0.0.1:4321');
    expect(Object.keys(scope)).toEqual(['location']);
    undo();
    expect(SITE_INFO in scope).toBe(false);
    expect(siteOrigin(scope)).toBe('http://worker.invalid');
  });

  it('says why when no origin is known', () => {
    expect(() => siteOrigin({})).toThrow(/site origin is unknown/);
    expect(() => siteOrigin({ location: { origin: 'null' } })).toThrow(/site origin is unknown/);
  });
});

describe('site base and access token for cell libraries', () => {
  it('reads the base and the token the kernel installed, with defaults', () => {
    const scope = {};
    installSiteInfo(scope, { origin: 'http://site.test' });
    expect([siteBase(scope), accessToken(scope)]).toEqual(['/', null]);
    installSiteInfo(scope, { origin: 'http://site.test', base: '/repo/', token: 'yb1.a.b' });
    expect([siteBase(scope), accessToken(scope)]).toEqual(['/repo/', 'yb1.a.b']);
  });

  it('refuses a base without a slash at each end', () => {
    expect(() => installSiteInfo({}, { origin: 'http://site.test', base: '/repo' })).toThrow(
      'Expected `base` to start and end with "/", got "/repo"',
    );
  });
});

describe('siteFile', () => {
  it('puts a path of public/ under the origin and base the kernel installed', () => {
    const root = {};
    installSiteInfo(root, { origin: 'http://site.test' });
    expect(siteFile('workers/double.js', root).href).toBe('http://site.test/workers/double.js');
    const project = {};
    installSiteInfo(project, { origin: 'https://example.org', base: '/course/' });
    expect(siteFile('workers/double.js', project).href).toBe(
      'https://example.org/course/workers/double.js',
    );
  });

  it('refuses paths that would leave the base', () => {
    const scope = {};
    installSiteInfo(scope, { origin: 'http://site.test', base: '/course/' });
    expect(() => siteFile('/workers/double.js', scope)).toThrow(
      'Expected `path` to be relative to the site, like "workers/double.js", got "/workers/double.js"',
    );
    expect(() => siteFile('https://elsewhere.test/x.js', scope)).toThrow(/relative to the site/);
  });
});
