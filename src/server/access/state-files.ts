/**
 * Access state shared through files, for servers without Redis on one machine: the class
 * command writes `revocations.json`, each server writes its own `usage-<instance>.json`
 * and re-reads `revocations.json` at most once a second. Files are replaced by rename, so
 * a reader never sees half of one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StudentUsage } from './store.ts';

const REVOCATIONS = 'revocations.json';

/** Writes `text` to `path` through a temporary file and a rename. */
function replaceFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The state directory `dir`; created on first write. */
export class StateFiles {
  readonly dir: string;
  #revocationsStamp = -1;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The revocations (student → second), or null when the file has not changed since the last read. */
  readRevocationsIfChanged(): Map<string, number> | null {
    let stamp: number;
    try {
      stamp = statSync(join(this.dir, REVOCATIONS)).mtimeMs;
    } catch {
      stamp = 0;
    }
    if (stamp === this.#revocationsStamp) return null;
    this.#revocationsStamp = stamp;
    return this.readRevocations();
  }

  /** Every revocation written so far. */
  readRevocations(): Map<string, number> {
    const parsed = readJson(join(this.dir, REVOCATIONS));
    const revocations = new Map<string, number>();
    if (typeof parsed !== 'object' || parsed === null) return revocations;
    for (const [student, second] of Object.entries(parsed)) {
      if (typeof second === 'number') revocations.set(student, second);
    }
    return revocations;
  }

  /** Adds a revocation (read, change, replace). */
  writeRevocation(student: string, second: number): void {
    mkdirSync(this.dir, { recursive: true });
    const revocations = this.readRevocations();
    revocations.set(student, Math.max(second, revocations.get(student) ?? 0));
    replaceFile(join(this.dir, REVOCATIONS), JSON.stringify(Object.fromEntries(revocations)));
  }

  /** Replaces this instance's usage file. */
  writeUsage(instance: string, usage: readonly StudentUsage[]): void {
    mkdirSync(this.dir, { recursive: true });
    replaceFile(join(this.dir, `usage-${instance}.json`), JSON.stringify(usage));
  }

  /** Every instance's usage files but `except`'s, summed per student. */
  readUsage(except: string): StudentUsage[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const rows: StudentUsage[] = [];
    for (const name of names) {
      if (!/^usage-[\w-]+\.json$/.test(name) || name === `usage-${except}.json`) continue;
      const parsed = readJson(join(this.dir, name));
      if (Array.isArray(parsed)) rows.push(...(parsed as StudentUsage[]));
    }
    return rows;
  }
}

/** `rows` summed per student: counts added, the latest `lastSeen` kept; sorted by id. */
export function mergeUsage(rows: readonly StudentUsage[]): StudentUsage[] {
  const merged = new Map<string, StudentUsage>();
  for (const row of rows) {
    const seen = merged.get(row.student);
    if (seen === undefined) {
      merged.set(row.student, { ...row });
      continue;
    }
    seen.requests += row.requests;
    seen.tokens += row.tokens;
    seen.refusals += row.refusals;
    seen.lastSeen =
      seen.lastSeen === null || row.lastSeen === null
        ? (seen.lastSeen ?? row.lastSeen)
        : Math.max(seen.lastSeen, row.lastSeen);
  }
  return [...merged.values()].sort((a, b) => (a.student < b.student ? -1 : 1));
}
