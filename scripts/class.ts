/**
 * `npm run class -- invite <id>... [--days N] [--site URL] | revoke <id>... | usage`:
 * access links for students, revocations and usage figures (src/server/access/class-command.ts).
 * Reads the servers' settings from the environment: LLM_ACCESS_SECRET, REDIS_URL or
 * LLM_ACCESS_STATE_DIR, and SITE for the links' address.
 */
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError, runClassCommand } from '../src/server/access/class-command.ts';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

try {
  process.exitCode = await runClassCommand(
    process.argv.slice(2),
    process.env,
    {
      out: (line) => process.stdout.write(`${line}\n`),
      now: () => Date.now(),
      sleep: (ms) => sleep(ms),
    },
    quiet,
  );
} catch (error) {
  if (!(error instanceof CommandError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
