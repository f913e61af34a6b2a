/**
 * The Redis `AccessStore` (`REDIS_URL`): every counter, lease, revocation and usage figure
 * lives in Redis, so any number of servers enforce one budget. Admitting a request is one
 * round trip: a Lua script (EVALSHA) checks the revocation and every budget and counts the
 * request, atomically. Finishing one is a second script, run after the response.
 *
 * When Redis cannot be reached, commands fail at once (no offline queue) with
 * `StoreUnavailableError`, and the client reconnects by itself in the background.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../llm/types.ts';
import {
  type AccessStore,
  type Admission,
  type AdmitRequest,
  type Budgets,
  DAY_MS,
  type FinishRequest,
  MINUTE_MS,
  revokedSecond,
  StoreUnavailableError,
  type StudentUsage,
} from './store.ts';

/** Options of `openRedisStore`. */
export interface RedisStoreOptions {
  url: string;
  budgets: Budgets;
  logger: Logger;
  /** Prefix of every key. @default 'yb:' */
  prefix?: string;
  /** Longest wait for one command before the store counts as unavailable. @default 2000 */
  commandTimeoutMs?: number;
  /** How long an unreleased lease counts (a server that died mid-request), in ms. */
  leaseMs: number;
}

// KEYS: 1 revoked, 2 student rpm, 3 student leases, 4 student tokens, 5 class leases,
//       6 class tokens, 7 student usage, 8 students
// ARGV: 1 student ('' for none), 2 iat, 3 now, 4 lease, 5 lease expiry, 6 rpm,
//       7 tokens/day, 8 concurrent, 9 class tokens/day, 10 class concurrent, 11 lease ms
const ADMIT = `
local student = ARGV[1]
local now = tonumber(ARGV[3])
local function refuse(code)
  if student ~= '' then
    redis.call('HINCRBY', KEYS[7], 'refusals', 1)
    redis.call('HSET', KEYS[7], 'last', ARGV[3])
    redis.call('SADD', KEYS[8], student)
  end
  return code
end
local concurrent = tonumber(ARGV[8])
local classConcurrent = tonumber(ARGV[10])
if student ~= '' then
  local revoked = redis.call('HGET', KEYS[1], student)
  if revoked and tonumber(ARGV[2]) <= tonumber(revoked) then return 'access_revoked' end
  if concurrent > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
    if redis.call('ZCARD', KEYS[3]) >= concurrent then return refuse('student_concurrent') end
  end
  local rpm = tonumber(ARGV[6])
  if rpm > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= rpm then
    return refuse('student_rpm')
  end
  local tokens = tonumber(ARGV[7])
  if tokens > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= tokens then
    return refuse('student_tokens_per_day')
  end
end
if classConcurrent > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
  if redis.call('ZCARD', KEYS[5]) >= classConcurrent then return refuse('class_concurrent') end
end
local classTokens = tonumber(ARGV[9])
if classTokens > 0 and tonumber(redis.call('GET', KEYS[6]) or '0') >= classTokens then
  return refuse('class_tokens_per_day')
end
if classConcurrent > 0 then
  redis.call('ZADD', KEYS[5], ARGV[5], ARGV[4])
  redis.call('PEXPIRE', KEYS[5], ARGV[11])
end
if student ~= '' then
  if concurrent > 0 then
    redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
    redis.call('PEXPIRE', KEYS[3], ARGV[11])
  end
  redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ${2 * MINUTE_MS})
  redis.call('HINCRBY', KEYS[7], 'requests', 1)
  redis.call('HSET', KEYS[7], 'last', ARGV[3])
  redis.call('SADD', KEYS[8], student)
end
return 'ok'
`;

// KEYS: 1 student leases, 2 class leases, 3 student tokens, 4 class tokens, 5 student usage
// ARGV: 1 student ('' for none), 2 lease, 3 tokens
const FINISH = `
local tokens = tonumber(ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[2])
if tokens > 0 then
  redis.call('INCRBY', KEYS[4], tokens)
  redis.call('PEXPIRE', KEYS[4], ${2 * DAY_MS})
end
if ARGV[1] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[2])
  if tokens > 0 then
    redis.call('INCRBY', KEYS[3], tokens)
    redis.call('PEXPIRE', KEYS[3], ${2 * DAY_MS})
    redis.call('HINCRBY', KEYS[5], 'tokens', tokens)
  end
end
return 1
`;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const ADMIT_SHA = sha1(ADMIT);
const FINISH_SHA = sha1(FINISH);

/** The few methods of node-redis's client the store uses (its generic type is unwieldy). */
interface Client {
  readonly isReady: boolean;
  on(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown;
  connect(): Promise<unknown>;
  sendCommand(args: readonly string[]): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  unref(): void;
}

/** Waits this long between reconnection attempts, growing to at most 2 s. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000);
}

/** Opens the store; resolves at once, connecting in the background. */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const { createClient } = await import('redis');
  const client = createClient({
    url: options.url,
    // A command while disconnected fails now instead of waiting for a reconnection.
    disableOfflineQueue: true,
    socket: { reconnectStrategy: reconnectDelay, connectTimeout: 2000 },
  });
  return new RedisStore(client as unknown as Client, options);
}

/** See the module comment. */
export class RedisStore implements AccessStore {
  readonly #client: Client;
  readonly #options: RedisStoreOptions;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  #down = false;
  #closed = false;
  /** Resolves at the first connection: until then a command waits for it (up to its timeout). */
  readonly #firstReady: Promise<void>;
  #everReady = false;

  constructor(client: Client, options: RedisStoreOptions) {
    this.#client = client;
    this.#options = options;
    this.#prefix = options.prefix ?? 'yb:';
    this.#timeoutMs = options.commandTimeoutMs ?? 2000;
    // Every failed attempt is an 'error' event; one line per outage, not per retry.
    client.on('error', (error: unknown) => {
      if (this.#down) return;
      this.#down = true;
      options.logger.warn('budget store unreachable; reconnecting', {
        detail: error instanceof Error ? error.message : String(error),
      });
    });
    let onFirstReady = () => {};
    this.#firstReady = new Promise((resolve) => {
      onFirstReady = resolve;
    });
    client.on('ready', () => {
      if (this.#down) options.logger.info('budget store reachable again');
      this.#down = false;
      this.#everReady = true;
      onFirstReady();
    });
    // The connection never keeps the process alive: the server that uses it does.
    client.unref();
    client.connect().catch(() => {
      // Only when closed while connecting; otherwise it retries forever.
    });
  }

  async admit(request: AdmitRequest): Promise<Admission> {
    const b = this.#options.budgets;
    const student = request.student ?? '';
    const s = this.#studentKey(student);
    const minute = Math.floor(request.now / MINUTE_MS);
    const day = Math.floor(request.now / DAY_MS);
    const reply = await this.#script(
      ADMIT,
      ADMIT_SHA,
      [
        this.#key('revoked'),
        `${s}:rpm:${minute}`,
        `${s}:leases`,
        `${s}:tokens:${day}`,
        this.#key('leases'),
        this.#key(`tokens:${day}`),
        `${s}:usage`,
        this.#key('students'),
      ],
      [
        student,
        request.issuedAt,
        request.now,
        request.lease,
        request.leaseExpiresAt,
        b.studentRpm,
        b.studentTokensPerDay,
        b.studentConcurrent,
        b.classTokensPerDay,
        b.classConcurrent,
        this.#options.leaseMs,
      ],
    );
    if (reply === 'ok') return { ok: true };
    return { ok: false, reason: reply as Exclude<Admission, { ok: true }>['reason'] };
  }

  async finish(request: FinishRequest): Promise<void> {
    const student = request.student ?? '';
    const s = this.#studentKey(student);
    const day = Math.floor(request.now / DAY_MS);
    await this.#script(
      FINISH,
      FINISH_SHA,
      [
        `${s}:leases`,
        this.#key('leases'),
        `${s}:tokens:${day}`,
        this.#key(`tokens:${day}`),
        `${s}:usage`,
      ],
      [student, request.lease, Math.max(0, Math.round(request.tokens))],
    );
  }

  async isRevoked(student: string, issuedAt: number): Promise<boolean> {
    const revoked = await this.#command(['HGET', this.#key('revoked'), student]);
    return typeof revoked === 'string' && issuedAt <= Number(revoked);
  }

  async revoke(student: string, now: number): Promise<void> {
    const second = revokedSecond(now);
    const key = this.#key('revoked');
    const current = await this.#command(['HGET', key, student]);
    if (typeof current === 'string' && Number(current) >= second) return;
    await this.#command(['HSET', key, student, String(second)]);
  }

  async usage(): Promise<StudentUsage[]> {
    const students = (await this.#command(['SMEMBERS', this.#key('students')])) as string[];
    const rows = await Promise.all(
      students.map(async (student) => {
        const flat = (await this.#command([
          'HGETALL',
          `${this.#studentKey(student)}:usage`,
        ])) as unknown;
        const fields = toRecord(flat);
        const last = fields.last === undefined ? null : Number(fields.last);
        return {
          student,
          requests: Number(fields.requests ?? 0),
          tokens: Number(fields.tokens ?? 0),
          refusals: Number(fields.refusals ?? 0),
          lastSeen: last,
        };
      }),
    );
    return rows.sort((a, b) => (a.student < b.student ? -1 : 1));
  }

  async ready(): Promise<boolean> {
    if (!this.#client.isReady) return false;
    try {
      return (await this.#command(['PING'])) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#client.isReady) await this.#client.close().catch(() => this.#client.destroy());
    else this.#client.destroy();
  }

  #key(name: string): string {
    return `${this.#prefix}${name}`;
  }

  #studentKey(student: string): string {
    return this.#key(`student:${student === '' ? '-' : student}`);
  }

  async #script(
    script: string,
    sha: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await this.#command(['EVALSHA', sha, ...tail]);
    } catch (error) {
      // A restarted or flushed Redis has forgotten the script: send it once more.
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return this.#command(['EVAL', script, ...tail]);
      }
      throw error;
    }
  }

  async #command(args: readonly string[]): Promise<unknown> {
    // Once connected, a lost connection fails commands at once; before the first
    // connection (a server just started) they wait for it, up to the timeout.
    if (!this.#client.isReady && (this.#everReady || this.#closed)) {
      throw new StoreUnavailableError('the budget store (Redis) is not connected');
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StoreUnavailableError(
              `the budget store (Redis) did not answer within ${this.#timeoutMs} ms`,
            ),
          ),
        this.#timeoutMs,
      );
    });
    try {
      if (!this.#client.isReady) await Promise.race([this.#firstReady, timeout]);
      return await Promise.race([this.#client.sendCommand(args), timeout]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      if (error instanceof Error && /^(NOSCRIPT|ERR|WRONGTYPE)/.test(error.message)) throw error;
      throw new StoreUnavailableError('the budget store (Redis) could not be reached', {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** HGETALL's reply (a flat array under RESP2, an object under RESP3) as a record. */
function toRecord(reply: unknown): Record<string, string> {
  if (Array.isArray(reply)) {
    const record: Record<string, string> = {};
    for (let index = 0; index + 1 < reply.length; index += 2) {
      record[String(reply[index])] = String(reply[index + 1]);
    }
    return record;
  }
  if (typeof reply === 'object' && reply !== null) {
    return Object.fromEntries(Object.entries(reply).map(([key, value]) => [key, String(value)]));
  }
  return {};
}
