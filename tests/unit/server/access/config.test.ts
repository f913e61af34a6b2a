import { describe, expect, it } from 'vitest';
import { parseAccessConfig } from '../../../../src/server/access/config.ts';
import { checkAccessAtStart } from '../../../../src/server/access/startup.ts';
import { configuredProxy } from '../../../../src/server/llm/configured-proxy.ts';
import { recordingLogger } from '../llm/support.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const UPSTREAM = { LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODELS: 'm' };

describe('access settings', () => {
  it('defaults to students with an upstream, open without one', () => {
    expect(parseAccessConfig({ ...UPSTREAM, LLM_ACCESS_SECRET: SECRET }).mode).toBe('students');
    expect(parseAccessConfig({}).mode).toBe('open');
    expect(parseAccessConfig({ LLM_ACCESS: 'students', LLM_ACCESS_SECRET: SECRET }).mode).toBe(
      'students',
    );
  });

  it('reads the budgets, 0 meaning no limit, and resolves the state directory', () => {
    const config = parseAccessConfig(
      { LLM_STUDENT_RPM: '5', LLM_CLASS_CONCURRENT: '0', LLM_ACCESS_STATE_DIR: 'state' },
      '/srv/course',
    );
    expect(config.budgets).toEqual({
      studentRpm: 5,
      studentTokensPerDay: 500_000,
      studentConcurrent: 50,
      classTokensPerDay: 0,
      classConcurrent: 0,
    });
    expect(config.stateDir).toBe('/srv/course/state');
    expect(parseAccessConfig({}, '/srv/course').stateDir).toBe('/srv/course/.yieldbook/access');
  });

  it('says which setting is wrong', () => {
    expect(() => parseAccessConfig(UPSTREAM)).toThrow('Expected LLM_ACCESS_SECRET to be set');
    expect(() => parseAccessConfig({ ...UPSTREAM, LLM_ACCESS_SECRET: 'short' })).toThrow(
      'Expected LLM_ACCESS_SECRET to be at least 32 characters, got 5',
    );
    expect(() => parseAccessConfig({ LLM_ACCESS: 'everyone' })).toThrow(
      'Expected LLM_ACCESS to be `open` or `students`, got "everyone"',
    );
    expect(() => parseAccessConfig({ REDIS_URL: 'http://u:pw@h' })).toThrow(
      'Expected REDIS_URL to be a redis:// or rediss:// URL',
    );
    expect(() => parseAccessConfig({ REDIS_URL: 'http://u:pw@h' })).not.toThrow('pw');
    expect(() => parseAccessConfig({ LLM_STUDENT_RPM: '-1' })).toThrow(
      'Expected LLM_STUDENT_RPM to be an integer of at least 0, got -1',
    );
  });

  it('refuses to start without the secret, and warns once about an open upstream', () => {
    expect(() => checkAccessAtStart(UPSTREAM, () => {})).toThrow(
      'Yieldbook cannot start: Expected LLM_ACCESS_SECRET to be set',
    );
    const warnings: string[] = [];
    checkAccessAtStart({ ...UPSTREAM, LLM_ACCESS: 'open' }, (line) => warnings.push(line));
    expect(warnings).toEqual([expect.stringContaining('anyone who reaches this site can spend')]);
    checkAccessAtStart({}, (line) => warnings.push(line));
    expect(warnings).toHaveLength(1);
  });

  it('gives a proxy that answers 503 when started some other way without the secret', async () => {
    const logger = recordingLogger();
    const handler = configuredProxy(UPSTREAM, { logger });
    const response = await handler(new Request('http://site/api/llm/v1/models'), {
      clientAddress: 'x',
    });
    expect(response.status).toBe(503);
    expect(logger.lines.join('\n')).toContain('LLM_ACCESS_SECRET');
    expect(await handler.ready()).toBe(false);
  });
});
