/**
 * `npm run class -- <command>`: what an instructor does with access links. Reads the same
 * settings as the servers (the environment), so it signs with their secret and writes to
 * their store.
 *
 * - `invite <id>... [--days N] [--site URL]`: one line per student, `<id><TAB><link>`.
 * - `revoke <id>...`: refuses every token of those students issued so far, on every server
 *   within a second; a new invite works again.
 * - `usage`: per student, requests, tokens, refusals and last seen, tab-separated.
 */

import type { ProxyEnv } from '../llm/settings.ts';
import type { Logger } from '../llm/types.ts';
import { MIN_SECRET_LENGTH, parseAccessConfig } from './config.ts';
import { MemoryStore } from './memory-store.ts';
import { openRedisStore } from './redis-store.ts';
import type { AccessStore } from './store.ts';
import { checkStudentId, signToken } from './token.ts';

/** Where the command writes, and its clock. */
export interface CommandIo {
  out(line: string): void;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A mistake in the command line or the settings: printed without a stack, exit code 2. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

const USAGE = `Usage:
  npm run class -- invite <student id>... [--days N] [--site URL]
  npm run class -- revoke <student id>...
  npm run class -- usage`;

/** Access links last this many days unless `--days` says otherwise. */
export const DEFAULT_DAYS = 30;

interface Parsed {
  ids: string[];
  options: Map<string, string>;
}

function parseArguments(args: readonly string[], allowed: readonly string[]): Parsed {
  const ids: string[] = [];
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('--')) {
      ids.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!allowed.includes(name)) {
      throw new CommandError(
        `Expected ${allowed.length === 0 ? 'no options' : allowed.map((o) => `--${o}`).join(' or ')}, got ${arg}\n${USAGE}`,
      );
    }
    const value = inline ?? args[++index];
    if (value === undefined) throw new CommandError(`Expected a value after --${name}, got none`);
    options.set(name, value);
  }
  return { ids, options };
}

function studentIds(ids: readonly string[]): string[] {
  if (ids.length === 0)
    throw new CommandError(`Expected at least one student id, got none\n${USAGE}`);
  try {
    return ids.map(checkStudentId);
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

function siteOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CommandError(
      `Expected --site to be the site's address (an http(s) URL), got ${JSON.stringify(value)}`,
    );
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new CommandError(
      `Expected --site to be an http(s) URL without a query or fragment, got ${JSON.stringify(value)}`,
    );
  }
  return url.href.replace(/(?<!\/)\/+$/, '');
}

/** Runs one command; resolves with its exit code. */
export async function runClassCommand(
  args: readonly string[],
  env: ProxyEnv & { SITE?: string },
  io: CommandIo,
  logger: Logger,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'invite') {
    const { ids, options } = parseArguments(rest, ['days', 'site']);
    const students = studentIds(ids);
    const daysText = options.get('days') ?? String(DEFAULT_DAYS);
    const days = Number(daysText);
    if (!Number.isInteger(days) || days < 1 || days > 3660) {
      throw new CommandError(
        `Expected --days to be a whole number of days from 1 to 3660, got ${daysText}`,
      );
    }
    const site = siteOf(options.get('site') ?? env.SITE ?? 'http://127.0.0.1:4321');
    const secret = env.LLM_ACCESS_SECRET === undefined ? '' : String(env.LLM_ACCESS_SECRET).trim();
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new CommandError(
        `Expected LLM_ACCESS_SECRET to be set (${MIN_SECRET_LENGTH} characters or more, the servers' own), got ${secret === '' ? 'nothing' : `${secret.length} characters`}`,
      );
    }
    const iat = Math.floor(io.now() / 1000);
    for (const sub of students) {
      const token = signToken({ sub, iat, exp: iat + days * 86_400 }, secret);
      io.out(`${sub}\t${site}/#access=${token}`);
    }
    return 0;
  }
  if (command === 'revoke' || command === 'usage') {
    const { ids } = parseArguments(rest, []);
    const students = command === 'revoke' ? studentIds(ids) : [];
    if (command === 'usage' && ids.length > 0) {
      throw new CommandError(`Expected no arguments after usage, got ${ids.join(' ')}`);
    }
    const store = await openStore(env, logger);
    try {
      if (command === 'revoke') {
        const now = io.now();
        for (const student of students) await store.revoke(student, now);
        // A token signed in the revocation's second would be refused too: return only once
        // that second is over, so an invite made after this command is accepted.
        await io.sleep(1000 - (now % 1000));
        for (const student of students) {
          io.out(
            `${student}\trevoked: tokens issued until ${new Date(now).toISOString()} are refused on every server within a second`,
          );
        }
      } else {
        io.out(['student', 'requests', 'tokens', 'refusals', 'last seen'].join('\t'));
        for (const row of await store.usage()) {
          const last = row.lastSeen === null ? '-' : new Date(row.lastSeen).toISOString();
          io.out([row.student, row.requests, row.tokens, row.refusals, last].join('\t'));
        }
      }
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new CommandError(
    `Expected a command (invite, revoke or usage), got ${command === undefined ? 'none' : JSON.stringify(command)}\n${USAGE}`,
  );
}

/** The servers' store: Redis when `REDIS_URL` is set (waits up to 5 s for it), else the state directory. */
async function openStore(env: ProxyEnv, logger: Logger): Promise<AccessStore> {
  let config: ReturnType<typeof parseAccessConfig>;
  try {
    // The servers' mode does not matter here, only where their state is.
    config = parseAccessConfig({ ...env, LLM_ACCESS: 'open' });
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
  if (config.redisUrl === null) {
    return new MemoryStore({ budgets: config.budgets, stateDir: config.stateDir });
  }
  const store = await openRedisStore({
    url: config.redisUrl,
    budgets: config.budgets,
    logger,
    leaseMs: 60_000,
  });
  for (let waited = 0; !(await store.ready()); waited += 50) {
    if (waited >= 5000) {
      await store.close();
      throw new CommandError('Expected Redis at REDIS_URL to answer within 5 s, got no answer');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return store;
}
