import { describe, expect, it } from 'vitest';
import { installSiteInfo, SITE_INFO, siteOrigin } from '../../../../src/lib/llm/site.ts';

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
