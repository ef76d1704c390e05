import { describe, expect, it } from 'vitest';
import { checkAddress, checkUrl, parseIPv6 } from '../../src/sources/address-policy.ts';

// [url, allowed with the default policy, expected words in the refusal]
const CASES: Array<[string, boolean, string?]> = [
  ['https://ico.org.uk/global/rss-feeds/enforcement/', true],
  ['http://feeds.bbci.co.uk/news/technology/rss.xml', true],
  ['https://8.8.8.8/feed', true],
  ['http://[2606:4700:4700::1111]/feed', true],
  ['http://[::ffff:8.8.8.8]/', true],
  ['ftp://example.com/feed.xml', false, 'ftp'],
  ['file:///etc/passwd', false, 'file'],
  ['javascript:alert(1)', false, 'javascript'],
  ['gopher://example.com/', false, 'gopher'],
  ['data:text/xml,<rss/>', false, 'data'],
  ['not a url', false, 'not a valid URL'],
  ['http://user:secret@example.com/feed', false, 'user name or password'],
  ['http://user@example.com/feed', false, 'user name or password'],
  ['http://localhost/feed', false, 'loopback'],
  ['http://LOCALHOST./feed', false, 'loopback'],
  ['http://api.localhost/feed', false, 'loopback'],
  ['http://127.0.0.1/', false, 'loopback'],
  ['http://127.255.255.254:8080/', false, 'loopback'],
  ['http://2130706433/', false, 'loopback'],
  ['http://0x7f.1/', false, 'loopback'],
  ['http://0x7f000001/', false, 'loopback'],
  ['http://017700000001/', false, 'loopback'],
  ['http://0177.0.0.1/', false, 'loopback'],
  ['http://127.1/', false, 'loopback'],
  ['http://10.0.0.5/', false, 'private address (RFC 1918)'],
  ['http://172.16.0.1/', false, 'RFC 1918'],
  ['http://172.31.255.255/', false, 'RFC 1918'],
  ['http://192.168.1.1/', false, 'RFC 1918'],
  ['http://169.254.169.254/latest/meta-data/', false, 'link-local'],
  ['http://169.254.0.1/', false, 'link-local'],
  ['http://100.64.0.1/', false, 'carrier-grade NAT'],
  ['http://100.127.255.255/', false, 'carrier-grade NAT'],
  ['http://0.0.0.0/', false, 'this network'],
  ['http://0/', false, 'this network'],
  ['http://224.0.0.1/', false, 'multicast'],
  ['http://239.255.255.250/', false, 'multicast'],
  ['http://255.255.255.255/', false, 'broadcast'],
  ['http://240.0.0.1/', false, 'reserved'],
  ['http://192.0.2.10/', false, 'documentation'],
  ['http://198.18.0.1/', false, 'benchmarking'],
  ['http://[::]/', false, 'unspecified'],
  ['http://[::1]/', false, 'loopback'],
  ['http://[0:0:0:0:0:0:0:1]/', false, 'loopback'],
  ['http://[fc00::1]/', false, 'unique local'],
  ['http://[fd12:3456::1]/', false, 'unique local'],
  ['http://[fe80::1]/', false, 'link-local'],
  ['http://[febf::1]/', false, 'link-local'],
  ['http://[ff02::1]/', false, 'multicast'],
  ['http://[::ffff:127.0.0.1]/', false, 'IPv4-mapped'],
  ['http://[::ffff:7f00:1]/', false, 'IPv4-mapped'],
  ['http://[0:0:0:0:0:ffff:127.0.0.1]/', false, 'IPv4-mapped'],
  ['http://[::ffff:10.0.0.1]/', false, 'RFC 1918'],
  ['http://[::ffff:a9fe:a9fe]/', false, 'link-local'],
  ['http://[64:ff9b::7f00:1]/', false, 'NAT64'],
  ['http://[2002:7f00:1::]/', false, '6to4'],
  ['http://[2001:db8::1]/', false, 'documentation'],
  ['http://[::127.0.0.1]/', false, 'IPv4-compatible'],
];

describe('checkUrl', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)('%s → allowed=%s', (url, allowed, words) => {
    const result = checkUrl(url);
    expect(result.ok).toBe(allowed);
    if (!result.ok && words) expect(result.message).toContain(words);
  });

  it('says what to do in the refusal message', () => {
    const result = checkUrl('http://10.0.0.5/feed');
    expect(result).toEqual({
      ok: false,
      reason: 'non_public_address',
      message:
        'refused: 10.0.0.5 is a private address (RFC 1918); feeds must be on the public internet. Set fetch.allowPrivateAddresses: true only for local testing.',
    });
  });

  it('allows loopback and private addresses only with the switch on', () => {
    for (const url of ['http://127.0.0.1:8080/feed', 'http://localhost/', 'http://[::1]/', 'http://10.1.2.3/']) {
      expect(checkUrl(url, { allowPrivateAddresses: true }).ok).toBe(true);
    }
  });

  it('still refuses schemes and credentials with the switch on', () => {
    expect(checkUrl('file:///etc/passwd', { allowPrivateAddresses: true }).ok).toBe(false);
    expect(checkUrl('http://a:b@127.0.0.1/', { allowPrivateAddresses: true }).ok).toBe(false);
  });
});

describe('checkAddress (DNS answers and connected sockets)', () => {
  it.each([
    ['127.0.0.1', false],
    ['::1', false],
    ['::ffff:127.0.0.1', false],
    ['fe80::1%eth0', false],
    ['10.0.0.1', false],
    ['93.184.215.14', true],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', true],
  ])('%s → %s', (address, ok) => {
    expect(checkAddress(address).ok).toBe(ok);
  });

  it('refuses things that are not addresses', () => {
    expect(checkAddress('example.com').ok).toBe(false);
  });
});

describe('parseIPv6', () => {
  it('expands compressed forms and embedded IPv4', () => {
    expect(parseIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('[2001:db8::]')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
  });
  it('rejects malformed input', () => {
    for (const bad of ['1::2::3', '12345::', ':::', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(parseIPv6(bad)).toBeNull();
  });
});
