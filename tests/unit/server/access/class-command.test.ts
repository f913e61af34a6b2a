import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandError, runClassCommand } from '../../../../src/server/access/class-command.ts';
import { MemoryStore } from '../../../../src/server/access/memory-store.ts';
import { verifyToken } from '../../../../src/server/access/token.ts';
import { recordingLogger } from '../llm/support.ts';
import { NO_LIMITS } from './store-contract.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const NOW = Date.UTC(2026, 11, 2, 10, 0, 0, 250);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}) {
  const lines: string[] = [];
  const slept: number[] = [];
  const code = await runClassCommand(
    args,
    env,
    {
      out: (line) => lines.push(line),
      now: () => NOW,
      sleep: async (ms) => {
        slept.push(ms);
      },
    },
    recordingLogger(),
  );
  return { code, lines, slept };
}

describe('npm run class', () => {
  it('invite prints <id><TAB><link> per student, the link carrying a signed token', async () => {
    const { code, lines } = await run(
      ['invite', 'ann', 'bo.b@x', '--days', '7', '--site', 'https://course.example/py/'],
      { LLM_ACCESS_SECRET: SECRET },
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    for (const [line, id] of lines.map((line, index) => [line, ['ann', 'bo.b@x'][index]])) {
      const [student, link] = (line ?? '').split('\t');
      expect(student).toBe(id);
      expect(link).toMatch(/^https:\/\/course\.example\/py\/#access=yb1\.[\w-]+\.[\w-]{43}$/);
      const token = (link ?? '').split('#access=')[1] ?? '';
      expect(verifyToken(token, SECRET, NOW / 1000)).toEqual({
        ok: true,
        claims: { sub: id, iat: Math.floor(NOW / 1000), exp: Math.floor(NOW / 1000) + 7 * 86_400 },
      });
    }
  });

  it('links to SITE, else the local server, for 30 days by default', async () => {
    const { lines } = await run(['invite', 'ann'], { LLM_ACCESS_SECRET: SECRET });
    expect(lines[0]).toMatch(/^ann\thttp:\/\/127\.0\.0\.1:4321\/#access=/);
    const site = await run(['invite', 'ann', '--site=http://h:1'], {
      LLM_ACCESS_SECRET: SECRET,
      SITE: 'https://ignored.example',
    });
    expect(site.lines[0]).toMatch(/^ann\thttp:\/\/h:1\/#access=/);
  });

  it('says clearly what is wrong with bad ids, flags, commands and settings', async () => {
    const withSecret = { LLM_ACCESS_SECRET: SECRET };
    const cases: [string[], Record<string, string>, string][] = [
      [['invite'], withSecret, 'Expected at least one student id, got none'],
      [['invite', 'a b'], withSecret, 'Expected a student id to be 1–64 characters'],
      [['invite', 'ann', '--days', '0'], withSecret, 'Expected --days to be a whole number'],
      [['invite', 'ann', '--days', 'x'], withSecret, 'got x'],
      [['invite', 'ann', '--days'], withSecret, 'Expected a value after --days'],
      [['invite', 'ann', '--site', 'ftp://x'], withSecret, 'Expected --site to be an http(s) URL'],
      [['invite', 'ann', '--weeks', '2'], withSecret, 'Expected --days or --site, got --weeks'],
      [['invite', 'ann'], {}, 'Expected LLM_ACCESS_SECRET to be set'],
      [['revoke'], {}, 'Expected at least one student id'],
      [['usage', 'ann'], {}, 'Expected no arguments after usage'],
      [['expel', 'ann'], {}, 'Expected a command (invite, revoke or usage), got "expel"'],
      [[], {}, 'got none'],
    ];
    for (const [args, env, message] of cases) {
      await expect(run(args, env), args.join(' ')).rejects.toThrow(message);
      await expect(run(args, env)).rejects.toBeInstanceOf(CommandError);
    }
  });

  it('revoke reaches the servers’ store and returns once its second is over; usage reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yb-class-'));
    dirs.push(dir);
    const env = { LLM_ACCESS_STATE_DIR: dir };
    const server = new MemoryStore({ budgets: NO_LIMITS, stateDir: dir, now: () => NOW });
    const lease = { student: 'ann', issuedAt: 0, now: NOW, lease: 'l', leaseExpiresAt: NOW + 1 };
    await server.admit(lease);
    await server.finish({ student: 'ann', lease: 'l', now: NOW, tokens: 12 });
    await server.close();

    const revoked = await run(['revoke', 'ann'], env);
    expect(revoked.lines).toEqual([
      'ann\trevoked: tokens issued until 2026-12-02T10:00:00.250Z are refused on every server within a second',
    ]);
    expect(revoked.slept).toEqual([750]);
    const reader = new MemoryStore({ budgets: NO_LIMITS, stateDir: dir, now: () => NOW });
    expect(await reader.isRevoked('ann', Math.floor(NOW / 1000))).toBe(true);
    expect(await reader.isRevoked('ann', Math.floor(NOW / 1000) + 1)).toBe(false);

    const usage = await run(['usage'], env);
    expect(usage.lines).toEqual([
      'student\trequests\ttokens\trefusals\tlast seen',
      'ann\t1\t12\t0\t2026-12-02T10:00:00.250Z',
    ]);
  });
});
