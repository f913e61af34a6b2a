/**
 * The Redis `AccessStore` (`REDIS_URL`): every counter, lease, revocation and usage figure
 * lives in Redis, so any number of servers enforce one budget. A request costs one round
 * trip: one Lua script (EVALSHA) checks the revocation and every budget and counts the
 * request, atomically. Finishing a request (freeing its lease, counting its tokens) is not
 * a round trip of its own on the request's path: finishes wait in a queue that is sent, as
 * one script, once the code that queued them has run (a microtask), so the release is
 * written to Redis in the turn of the event loop that writes the response's end (node-redis
 * writes at the next setImmediate: for a JSON answer, just after the response's corked
 * bytes; docs/benchmarks.md, "Classroom access"). A client that sees the end and asks
 * again at once, through another server, finds it applied (a student under
 * `LLM_STUDENT_CONCURRENT` was refused when finishes lagged behind the next admissions on a
 * busy server), and the response waits for no reply. An admission started before the queue
 * is sent carries it in its own script. A server that dies loses at most that queue: its
 * leases run out by themselves (`leaseMs`).
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
  countedTokens,
  DAY_MS,
  type FinishRequest,
  MINUTE_MS,
  type RefusalReason,
  revokedSecond,
  StoreUnavailableError,
  type StudentUsage,
  windowsAt,
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

/** Finishes queued beyond this many are sent at once, so that one script stays short. */
const MAX_QUEUED_FINISHES = 64;
/** Keys and arguments of one finish in the script. */
const FINISH_KEYS = 5;
const FINISH_ARGS = 3;

// One script for every round trip: the queued finishes, then (when there is one) an
// admission. ARGV[1] is the number of finishes F.
// Finish i (0-based): KEYS 5i+1 student leases, +2 class leases, +3 student tokens,
//   +4 class tokens, +5 student usage; ARGV 3i+2 student ('' for none), +3 lease, +4 tokens.
// Admission, after them (key(n) = KEYS[5F + n], arg(n) = ARGV[1 + 3F + n]):
//   keys 1 revoked, 2 student rpm, 3 student leases, 4 student tokens, 5 class leases,
//   6 class tokens, 7 student usage, 8 students;
//   args 1 student ('' for none), 2 iat, 3 now, 4 lease, 5 lease expiry, 6 rpm,
//   7 tokens/day, 8 concurrent, 9 class tokens/day, 10 class concurrent, 11 lease ms.
const STEP = `
local finishes = tonumber(ARGV[1])
for i = 0, finishes - 1 do
  local k = i * ${FINISH_KEYS}
  local a = 1 + i * ${FINISH_ARGS}
  local tokens = tonumber(ARGV[a + 3])
  redis.call('ZREM', KEYS[k + 2], ARGV[a + 2])
  if tokens > 0 then
    redis.call('INCRBY', KEYS[k + 4], tokens)
    redis.call('PEXPIRE', KEYS[k + 4], ${2 * DAY_MS})
  end
  if ARGV[a + 1] ~= '' then
    redis.call('ZREM', KEYS[k + 1], ARGV[a + 2])
    if tokens > 0 then
      redis.call('INCRBY', KEYS[k + 3], tokens)
      redis.call('PEXPIRE', KEYS[k + 3], ${2 * DAY_MS})
      redis.call('HINCRBY', KEYS[k + 5], 'tokens', tokens)
    end
  end
end
local K = finishes * ${FINISH_KEYS}
local A = 1 + finishes * ${FINISH_ARGS}
if #ARGV == A then return 'ok' end
local function key(n) return KEYS[K + n] end
local function arg(n) return ARGV[A + n] end
local student = arg(1)
local now = tonumber(arg(3))
local function refuse(code)
  if student ~= '' then
    redis.call('HINCRBY', key(7), 'refusals', 1)
    redis.call('HSET', key(7), 'last', arg(3))
    redis.call('SADD', key(8), student)
  end
  return code
end
local concurrent = tonumber(arg(8))
local classConcurrent = tonumber(arg(10))
if student ~= '' then
  local revoked = redis.call('HGET', key(1), student)
  if revoked and tonumber(arg(2)) <= tonumber(revoked) then return 'access_revoked' end
  if concurrent > 0 then
    redis.call('ZREMRANGEBYSCORE', key(3), '-inf', now)
    if redis.call('ZCARD', key(3)) >= concurrent then return refuse('student_concurrent') end
  end
  local rpm = tonumber(arg(6))
  if rpm > 0 and tonumber(redis.call('GET', key(2)) or '0') >= rpm then
    return refuse('student_rpm')
  end
  local tokens = tonumber(arg(7))
  if tokens > 0 and tonumber(redis.call('GET', key(4)) or '0') >= tokens then
    return refuse('student_tokens_per_day')
  end
end
if classConcurrent > 0 then
  redis.call('ZREMRANGEBYSCORE', key(5), '-inf', now)
  if redis.call('ZCARD', key(5)) >= classConcurrent then return refuse('class_concurrent') end
end
local classTokens = tonumber(arg(9))
if classTokens > 0 and tonumber(redis.call('GET', key(6)) or '0') >= classTokens then
  return refuse('class_tokens_per_day')
end
if classConcurrent > 0 then
  redis.call('ZADD', key(5), arg(5), arg(4))
  redis.call('PEXPIRE', key(5), arg(11))
end
if student ~= '' then
  if concurrent > 0 then
    redis.call('ZADD', key(3), arg(5), arg(4))
    redis.call('PEXPIRE', key(3), arg(11))
  end
  redis.call('INCR', key(2))
  redis.call('PEXPIRE', key(2), ${2 * MINUTE_MS})
  redis.call('HINCRBY', key(7), 'requests', 1)
  redis.call('HSET', key(7), 'last', arg(3))
  redis.call('SADD', key(8), student)
end
return 'ok'
`;

/** A finish waiting for a round trip to carry it. */
interface QueuedFinish {
  keys: string[];
  args: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const STEP_SHA = sha1(STEP);

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
  #closing: Promise<void> | null = null;
  /** Finishes waiting for the next round trip. */
  #queue: QueuedFinish[] = [];
  /** Whether a microtask will send the queue (unless an admission carries it first). */
  #flushQueued = false;
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
    const { minute, day } = windowsAt(request.now);
    const reply = await this.#step(
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
      ].map(String),
    );
    if (reply === 'ok') return { ok: true };
    return { ok: false, reason: reply as RefusalReason };
  }

  /** Queues the finish (see the module comment); resolves once Redis has applied it. */
  finish(request: FinishRequest): Promise<void> {
    const student = request.student ?? '';
    const s = this.#studentKey(student);
    const { day } = windowsAt(request.now);
    return new Promise((resolve, reject) => {
      this.#queue.push({
        keys: [
          `${s}:leases`,
          this.#key('leases'),
          `${s}:tokens:${day}`,
          this.#key(`tokens:${day}`),
          `${s}:usage`,
        ],
        args: [student, request.lease, String(countedTokens(request.tokens))],
        resolve,
        reject,
      });
      if (this.#queue.length >= MAX_QUEUED_FINISHES) void this.#flush();
      else if (!this.#flushQueued) {
        this.#flushQueued = true;
        // A microtask, not setImmediate: node-redis writes its queue at the next
        // setImmediate, and a hop of our own first would leave the release for the turn
        // after, behind a busy server's I/O callbacks.
        queueMicrotask(() => {
          this.#flushQueued = false;
          void this.#flush();
        });
      }
    });
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
    // This server's own finishes first, so that its figures are exact.
    await this.#flush();
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

  /** Sends the queued finishes, then closes the connection; once, however often called. */
  close(): Promise<void> {
    this.#closing ??= this.#flush().then(async () => {
      this.#closed = true;
      if (this.#client.isReady) await this.#client.close().catch(() => this.#client.destroy());
      else this.#client.destroy();
    });
    return this.#closing;
  }

  #key(name: string): string {
    return `${this.#prefix}${name}`;
  }

  #studentKey(student: string): string {
    return this.#key(`student:${student === '' ? '-' : student}`);
  }

  /** Sends the queued finishes alone, if any; never rejects (each finish's promise does). */
  async #flush(): Promise<void> {
    if (this.#queue.length === 0) return;
    try {
      await this.#step([], []);
    } catch {
      // Rejected each queued finish: its caller says what was lost.
    }
  }

  /**
   * One round trip: the queued finishes, then the admission of `keys` and `args` (none:
   * the finishes alone). Settles the finishes it carried with the script's outcome.
   */
  async #step(keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const carried = this.#queue;
    this.#queue = [];
    const tail = [
      String(FINISH_KEYS * carried.length + keys.length),
      ...carried.flatMap((finish) => finish.keys),
      ...keys,
      String(carried.length),
      ...carried.flatMap((finish) => finish.args),
      ...args,
    ];
    try {
      let reply: unknown;
      try {
        reply = await this.#command(['EVALSHA', STEP_SHA, ...tail]);
      } catch (error) {
        // A restarted or flushed Redis has forgotten the script: send it once more.
        if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
        reply = await this.#command(['EVAL', STEP, ...tail]);
      }
      for (const finish of carried) finish.resolve();
      return reply;
    } catch (error) {
      for (const finish of carried) finish.reject(error);
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
