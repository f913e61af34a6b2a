import { describe, expect, it } from 'vitest';
import { clientAddressOf, parseTrustProxy } from '../../../../src/server/http/trust-proxy.ts';

describe('TRUST_PROXY', () => {
  it('trusts no one when unset, empty or 0', () => {
    for (const value of [undefined, '', ' ', '0']) {
      expect(parseTrustProxy(value)).toEqual({ kind: 'none' });
    }
  });

  it('reads a hop count and a list of addresses, ranges and names', () => {
    expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 });
    const ranges = parseTrustProxy('10.0.0.0/8, 192.0.2.7, loopback, fd00::/8');
    expect(ranges.kind).toBe('ranges');
  });

  it('refuses anything else with the setting and the bad entry named', () => {
    for (const value of ['yes', '10.0.0.0/33', '1.2.3', '::1/129', '10.0.0.0/8/1', '-1', '1.5']) {
      expect(() => parseTrustProxy(value)).toThrow(/^Expected `TRUST_PROXY` to be a hop count/u);
    }
    expect(() => parseTrustProxy('10.0.0.0/8,nginx')).toThrow('("nginx" is none)');
  });
});

describe('the client address', () => {
  const none = parseTrustProxy(undefined);
  const oneHop = parseTrustProxy('1');
  const loopback = parseTrustProxy('loopback,10.0.0.0/8');

  it('is the connection’s peer when no proxy is trusted, whatever the header says', () => {
    expect(clientAddressOf('203.0.113.5', '198.51.100.1', none)).toBe('203.0.113.5');
    expect(clientAddressOf('::ffff:203.0.113.5', undefined, none)).toBe('203.0.113.5');
  });

  it('is the entry the trusted proxy added, not what the client wrote before it', () => {
    // The client sent `X-Forwarded-For: 1.1.1.1`; nginx appended the address it saw.
    const header = '1.1.1.1, 203.0.113.5';
    expect(clientAddressOf('127.0.0.1', header, oneHop)).toBe('203.0.113.5');
    expect(clientAddressOf('127.0.0.1', header, loopback)).toBe('203.0.113.5');
    // Headers sent twice count as one list, in order.
    expect(clientAddressOf('127.0.0.1', ['9.9.9.9', '203.0.113.5'], oneHop)).toBe('203.0.113.5');
  });

  it('believes no header from a peer outside the trusted ranges', () => {
    expect(clientAddressOf('203.0.113.5', '127.0.0.1', loopback)).toBe('203.0.113.5');
    expect(clientAddressOf('198.51.100.9', '10.1.1.1, 127.0.0.1', loopback)).toBe('198.51.100.9');
  });

  it('walks past every trusted hop, and stops at the first untrusted one', () => {
    const header = '6.6.6.6, 203.0.113.5, 10.2.3.4';
    expect(clientAddressOf('127.0.0.1', header, loopback)).toBe('203.0.113.5');
    expect(clientAddressOf('127.0.0.1', header, parseTrustProxy('2'))).toBe('203.0.113.5');
    expect(clientAddressOf('127.0.0.1', header, oneHop)).toBe('10.2.3.4');
  });

  it('stops at a malformed entry, keeping the hop that sent it', () => {
    expect(clientAddressOf('127.0.0.1', 'not-an-ip', oneHop)).toBe('127.0.0.1');
    expect(clientAddressOf('127.0.0.1', '203.0.113.5, unknown', loopback)).toBe('127.0.0.1');
  });

  it('takes the leftmost address when the chain is shorter than the hop count', () => {
    expect(clientAddressOf('127.0.0.1', '203.0.113.5', parseTrustProxy('3'))).toBe('203.0.113.5');
    expect(clientAddressOf('127.0.0.1', undefined, parseTrustProxy('3'))).toBe('127.0.0.1');
  });

  it('reads IPv6 peers and IPv4-mapped addresses', () => {
    const v6 = parseTrustProxy('::1');
    expect(clientAddressOf('::1', '2001:db8::1', v6)).toBe('2001:db8::1');
    expect(clientAddressOf('::ffff:127.0.0.1', '203.0.113.5', loopback)).toBe('203.0.113.5');
    expect(clientAddressOf('fe80::1%eth0', undefined, none)).toBe('fe80::1');
  });
});
