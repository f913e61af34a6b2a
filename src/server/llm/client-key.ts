/**
 * The key a client's limits and log lines are kept under. An IPv4 address is its own key.
 * An IPv6 host is usually given a whole /64 and can rotate its address within it at will
 * (privacy extensions do so by themselves), so keying by exact address would let one
 * client count as many: IPv6 addresses are keyed by their /64 prefix.
 */
import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_IPV4 = '::ffff:';

/**
 * `address`'s key: the address for IPv4 (an IPv4-mapped IPv6 address counts as its IPv4
 * address), `a:b:c:d::/64` for IPv6 (lowercase, no leading zeros, zone dropped), and
 * anything that is not an IP address unchanged.
 */
export function clientKey(address: string): string {
  // Every IPv6 address has a colon: an IPv4 one is its own key without `isIPv6`'s regular
  // expression, run two or three times per request otherwise (docs/benchmarks.md, "LLM proxy").
  if (!address.includes(':')) return address;
  const zone = address.indexOf('%');
  const bare = zone < 0 ? address : address.slice(0, zone);
  if (!isIPv6(bare)) return address;
  const lower = bare.toLowerCase();
  const mapped = lower.startsWith(MAPPED_IPV4) ? lower.slice(MAPPED_IPV4.length) : '';
  if (isIPv4(mapped)) return mapped;
  const gap = lower.indexOf('::');
  const groupsOf = (part: string) => part.split(':').filter((group) => group !== '');
  const head = groupsOf(gap < 0 ? lower : lower.slice(0, gap));
  const tail = gap < 0 ? [] : groupsOf(lower.slice(gap + 2));
  // A dotted IPv4 tail fills two groups; `::` stands for as many zero groups as are missing.
  const tailGroups = tail.length + (tail.at(-1)?.includes('.') ? 1 : 0);
  const zeros = Array.from({ length: 8 - head.length - tailGroups }, () => '0');
  const groups = [...head, ...zeros, ...tail].slice(0, 4);
  return `${groups.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}
