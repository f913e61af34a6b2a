/**
 * Requests to several targets in interleaved rounds, with the CPU of the processes behind them
 * read from /proc in blocks: how the proxy comparisons (bench-proxy-ab, bench:vs-python) measure,
 * so that every target's figures share the machine's load of the moment.
 */
import { readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) of `pid` and its child processes, from /proc. */
export async function cpuMs(pid: number): Promise<number> {
  const pids = [pid];
  try {
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    pids.push(...children.split(' ').filter(Boolean).map(Number));
  } catch {
    // No children file: count the process alone.
  }
  let ticks = 0;
  for (const one of pids) {
    const stat = await readFile(`/proc/${one}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Options of `interleavedRounds`. */
export interface RoundsOptions {
  /** One timed request per target, resolving with its milliseconds. */
  targets: ReadonlyArray<() => Promise<number>>;
  /** The processes whose CPU is read. */
  pids: readonly number[];
  /** Rounds measured: one request to each target a round. */
  samples: number;
  /** Rounds sent first and not measured. */
  warmUp: number;
  /** How many times CPU is read over the measured rounds, so its figure has a spread. */
  blocks: number;
}

/** What `interleavedRounds` measured. */
export interface RoundsFigures {
  /** Per target (in the order given), its request times, round by round. */
  times: number[][];
  /** Per process (in the order given), its CPU milliseconds per round in each block. */
  cpuPerRequest: number[][];
}

/**
 * Sends `warmUp` rounds, then `samples` rounds of one request to each target, the order
 * turning each round so that no target always follows another, reading the CPU of `pids`
 * at the end of each of `blocks` blocks of rounds (and of a last, shorter one).
 */
export async function interleavedRounds({
  targets,
  pids,
  samples,
  warmUp,
  blocks,
}: RoundsOptions): Promise<RoundsFigures> {
  for (let round = 0; round < warmUp; round += 1) {
    for (const target of targets) await target();
  }
  const times = targets.map(() => [] as number[]);
  const cpuPerRequest = pids.map(() => [] as number[]);
  const blockSize = Math.max(1, Math.floor(samples / blocks));
  let before = await Promise.all(pids.map(cpuMs));
  for (let round = 0; round < samples; round += 1) {
    for (let step = 0; step < targets.length; step += 1) {
      const which = (round + step) % targets.length;
      const target = targets[which];
      if (target !== undefined) times[which]?.push(await target());
    }
    if ((round + 1) % blockSize === 0 || round + 1 === samples) {
      const after = await Promise.all(pids.map(cpuMs));
      const rounds = (round % blockSize) + 1;
      after.forEach((used, which) => {
        cpuPerRequest[which]?.push((used - (before[which] ?? 0)) / rounds);
      });
      before = after;
    }
  }
  return { times, cpuPerRequest };
}

/** Each of `times` less the time of `direct`'s request in the same round. */
export function pairedDifferences(times: readonly number[], direct: readonly number[]): number[] {
  return times.map((time, round) => time - (direct[round] ?? Number.NaN));
}
