/**
 * Which `X-Forwarded-For` entries to believe (`TRUST_PROXY`). Anyone can send the header, so
 * by default none is: the client is the address the connection comes from. Behind proxies
 * the operator names them, as a hop count (`1`: one proxy, nginx, in front) or as the
 * addresses and ranges they connect from (`127.0.0.1,10.0.0.0/8`). The chain is walked from
 * the connection's end, so entries a client wrote itself, on the left, are never reached.
 */
import { BlockList, isIP } from 'node:net';

/** How far to believe `X-Forwarded-For`. */
export type TrustProxy =
  | { readonly kind: 'none' }
  | { readonly kind: 'hops'; readonly hops: number }
  | { readonly kind: 'ranges'; readonly ranges: BlockList; readonly text: string };

const NONE: TrustProxy = { kind: 'none' };

/** Named ranges, as Express's `trust proxy` knows them. */
const NAMED: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu;

/** `address` without an IPv6 zone, and an IPv4-mapped IPv6 address as IPv4. */
function plain(address: string): string {
  const trimmed = address.trim();
  const zone = trimmed.indexOf('%');
  const bare = zone < 0 ? trimmed : trimmed.slice(0, zone);
  return MAPPED_IPV4.exec(bare)?.[1] ?? bare;
}

function addRange(list: BlockList, entry: string, whole: string): void {
  const named = NAMED[entry.toLowerCase()];
  if (named !== undefined) {
    for (const range of named) addRange(list, range, whole);
    return;
  }
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
  const max = family === 6 ? 128 : 32;
  if (family === 0 || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > max) {
    throw new TypeError(
      `Expected \`TRUST_PROXY\` to be a hop count or a comma list of addresses, CIDR ranges, loopback, linklocal or uniquelocal, got ${JSON.stringify(whole)} (${JSON.stringify(entry)} is none)`,
    );
  }
  list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
}

/** Parses `TRUST_PROXY`; unset, empty or `0` trusts no one. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const whole = value?.trim() ?? '';
  if (whole === '' || whole === '0') return NONE;
  if (/^\d+$/u.test(whole)) return { kind: 'hops', hops: Number(whole) };
  const ranges = new BlockList();
  for (const entry of whole.split(',')) addRange(ranges, entry.trim(), whole);
  return { kind: 'ranges', ranges, text: whole };
}

function trusted(ranges: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && ranges.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: `remote` (the connection's peer) unless `trust` believes the proxy
 * it names. With a hop count `n`, the `n`th address from the right of the chain
 * `X-Forwarded-For…, remote` (the leftmost when the chain is shorter); with ranges, the
 * rightmost address not in them. An entry that is not an IP address ends the walk at the
 * hop that sent it.
 */
export function clientAddressOf(
  remote: string,
  forwardedFor: string | readonly string[] | undefined,
  trust: TrustProxy,
): string {
  const peer = plain(remote);
  if (trust.kind === 'none' || forwardedFor === undefined) return peer;
  const chain = (typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor)
    .flatMap((header) => header.split(','))
    .map(plain)
    .filter((entry) => entry !== '');
  let client = peer;
  for (let hop = 1; chain.length > 0; hop += 1) {
    if (trust.kind === 'hops' ? hop > trust.hops : !trusted(trust.ranges, client)) break;
    const next = chain.pop() as string;
    if (isIP(next) === 0) break;
    client = next;
  }
  return client;
}
