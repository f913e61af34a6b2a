import { describe, expect, it } from 'vitest';
import { clientKey } from '../../../../src/server/llm/client-key.ts';

describe('clientKey', () => {
  it.each([
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8::1:2:3:4:5', '2001:db8:0:1::/64'],
    ['::1:2:3:4:5:6:7', '0:1:2:3::/64'],
    ['::ffff:1:192.0.2.1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['192.0.2.1', '192.0.2.1'],
    ['unknown', 'unknown'],
    ['', ''],
  ])('%s is keyed as %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it('keys every address of one /64 alike, and a neighbouring /64 apart', () => {
    const keys = ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:db8:1:2:1:2:3:4'].map(clientKey);
    expect(new Set(keys).size).toBe(1);
    expect(clientKey('2001:db8:1:3::1')).not.toBe(keys[0]);
  });
});
