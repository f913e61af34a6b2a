/**
 * The settings of the site's server itself (`server.mjs`, `npm start`): TLS, which proxies to
 * believe, and how long a shutdown waits. One row each, like the proxy's `LLM_*` table
 * (src/server/llm/settings.ts); README.md "Serving" documents every row and a test holds it
 * to this table. `PORT` and `HOST` stay where they are (server.mjs, scripts/start.ts).
 */
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

interface TextRow {
  readonly name: string;
  readonly kind: 'text';
  readonly doc: string;
}

interface IntegerRow {
  readonly name: string;
  readonly kind: 'integer';
  readonly default: number;
  readonly min: number;
  readonly doc: string;
}

/** The table. Defaults are also written in README.md. */
export const SERVER_SETTINGS = [
  {
    name: 'TLS_CERT_FILE',
    kind: 'text',
    doc: 'PEM certificate chain; with TLS_KEY_FILE, the server speaks HTTPS with HTTP/2',
  },
  { name: 'TLS_KEY_FILE', kind: 'text', doc: 'PEM private key of TLS_CERT_FILE' },
  {
    name: 'TRUST_PROXY',
    kind: 'text',
    doc: 'Whose X-Forwarded-For to believe: a hop count, or a comma list of addresses and CIDR ranges',
  },
  {
    name: 'SHUTDOWN_GRACE_MS',
    kind: 'integer',
    default: 30_000,
    min: 0,
    doc: 'On SIGTERM or SIGINT, how long requests in flight may take to finish before they are cut',
  },
] as const satisfies readonly (TextRow | IntegerRow)[];

/** The name of every setting. */
export type ServerSettingName = (typeof SERVER_SETTINGS)[number]['name'];

/** The environment the server reads. */
export type ServerEnv = { readonly [Name in ServerSettingName]?: string | undefined };

/** The parsed settings. */
export interface ServerSettings {
  /** Where the certificate and key are, or null: plain HTTP/1.1. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  readonly trustProxy: TrustProxy;
  readonly shutdownGraceMs: number;
}

function text(env: ServerEnv, name: ServerSettingName): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? null : value;
}

function integer(env: ServerEnv, row: IntegerRow): number {
  const raw = text(env, row.name as ServerSettingName);
  if (raw === null) return row.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < row.min) {
    throw new TypeError(
      `Expected \`${row.name}\` to be an integer of at least ${row.min}, got ${raw}`,
    );
  }
  return value;
}

/** Parses the server's settings; throws a `TypeError` naming the first bad one. */
export function readServerSettings(env: ServerEnv): ServerSettings {
  const certFile = text(env, 'TLS_CERT_FILE');
  const keyFile = text(env, 'TLS_KEY_FILE');
  if ((certFile === null) !== (keyFile === null)) {
    const [set, unset] =
      certFile === null ? ['TLS_KEY_FILE', 'TLS_CERT_FILE'] : ['TLS_CERT_FILE', 'TLS_KEY_FILE'];
    throw new TypeError(
      `Expected \`TLS_CERT_FILE\` and \`TLS_KEY_FILE\` to be set together, got \`${set}\` without \`${unset}\``,
    );
  }
  const grace = SERVER_SETTINGS.find((row) => row.name === 'SHUTDOWN_GRACE_MS') as IntegerRow;
  return {
    tls: certFile !== null && keyFile !== null ? { certFile, keyFile } : null,
    trustProxy: parseTrustProxy(text(env, 'TRUST_PROXY') ?? undefined),
    shutdownGraceMs: integer(env, grace),
  };
}
