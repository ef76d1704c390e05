import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import {
  bypassesProxy,
  describeProxySettings,
  parseNoProxy,
  proxyFor,
  proxySecrets,
  proxySettingsFromEnv,
} from '../../src/http/proxy-settings.ts';

const thrown = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a throw');
};

describe('proxySettingsFromEnv', () => {
  it('reads nothing when no variable is set, and ignores blank ones', () => {
    expect(proxySettingsFromEnv({ HTTPS_PROXY: '  ', NO_PROXY: '' })).toEqual({ http: null, https: null, noProxy: [] });
  });

  it('prefers the lower-case form, and keeps https and http apart (no fallback from one to the other)', () => {
    const settings = proxySettingsFromEnv({ https_proxy: 'http://lower:3128', HTTPS_PROXY: 'http://upper:3128', HTTP_PROXY: 'http://plain:8080' });
    expect(settings.https).toMatchObject({ hostname: 'lower', port: 3128, variable: 'https_proxy', label: 'http://lower:3128' });
    expect(settings.http).toMatchObject({ hostname: 'plain', port: 8080, variable: 'HTTP_PROXY' });
    expect(proxySettingsFromEnv({ HTTP_PROXY: 'http://plain:8080' }).https).toBeNull();
    expect(proxySettingsFromEnv({ no_proxy: 'a.example', NO_PROXY: 'b.example' }).noProxy).toEqual([{ host: 'a.example', port: null }]);
  });

  it('takes host:port without a scheme as http://, port 80 by default, and %-decoded credentials', () => {
    expect(proxySettingsFromEnv({ HTTPS_PROXY: 'proxy.corp:3128' }).https).toMatchObject({ label: 'http://proxy.corp:3128', authorization: null });
    const withLogin = proxySettingsFromEnv({ HTTPS_PROXY: 'http://me%40corp:p%3Ass@proxy.corp' }).https;
    expect(withLogin).toMatchObject({ label: 'http://proxy.corp', port: 80 });
    expect(withLogin?.authorization).toBe(`Basic ${Buffer.from('me@corp:p:ss').toString('base64')}`);
    expect(JSON.stringify(withLogin?.label)).not.toContain('corp:p');
  });

  it.each([
    ['https://proxy.corp:3128', /over http:\/\/ only/],
    ['socks5://proxy.corp:1080', /over http:\/\/ only/],
    ['http://user:secret@', /not a valid proxy URL/],
    ['http://user:%E0%A4%A@proxy', /badly %-encoded/],
  ])('refuses %s with ConfigInvalid, naming the variable and never echoing the value', (value, message) => {
    const error = thrown(() => proxySettingsFromEnv({ HTTPS_PROXY: value }));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('HTTPS_PROXY');
    expect(error.message).not.toContain('secret');
  });
});

describe('NO_PROXY', () => {
  it('parses comma and space separated entries, leading dots and *. alike, ports and IPv6', () => {
    expect(parseNoProxy(' .Example.COM, *.gov.uk  localhost:8080,[::1]:3000 ::1 10.0.0.1 , ,')).toEqual([
      { host: 'example.com', port: null },
      { host: 'gov.uk', port: null },
      { host: 'localhost', port: 8080 },
      { host: '::1', port: 3000 },
      { host: '::1', port: null },
      { host: '10.0.0.1', port: null },
    ]);
  });

  it('matches the host and its subdomains, never a mere suffix of a label', () => {
    const rules = parseNoProxy('example.com');
    expect(bypassesProxy(new URL('https://example.com/x'), rules)).toBe(true);
    expect(bypassesProxy(new URL('https://news.Example.com./x'), rules)).toBe(true);
    expect(bypassesProxy(new URL('https://badexample.com/x'), rules)).toBe(false);
    expect(bypassesProxy(new URL('https://example.com.evil.test/x'), rules)).toBe(false);
  });

  it('matches a port only when the entry names one (default ports counted)', () => {
    const rules = parseNoProxy('feeds.example:443,[::1]:8080');
    expect(bypassesProxy(new URL('https://feeds.example/rss'), rules)).toBe(true);
    expect(bypassesProxy(new URL('http://feeds.example/rss'), rules)).toBe(false);
    expect(bypassesProxy(new URL('http://[::1]:8080/'), rules)).toBe(true);
    expect(bypassesProxy(new URL('http://[::1]:8081/'), rules)).toBe(false);
  });

  it('"*" bypasses the proxy for every host', () => {
    const settings = proxySettingsFromEnv({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: '*' });
    expect(proxyFor(new URL('https://www.ico.org.uk/'), settings)).toBeNull();
  });

  it('stays linear on a hostile list: 200 000 entries are read in bounded time and capped', () => {
    const started = performance.now();
    const rules = parseNoProxy(Array.from({ length: 200_000 }, (_, i) => `h${i}.example`).join(','));
    expect(rules).toHaveLength(500);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('proxyFor and the start log line', () => {
  it('chooses by the target scheme (wss like https)', () => {
    const settings = proxySettingsFromEnv({ HTTPS_PROXY: 'http://secure:1', HTTP_PROXY: 'http://plain:2' });
    expect(proxyFor(new URL('https://slack.com/api'), settings)?.hostname).toBe('secure');
    expect(proxyFor(new URL('wss://gateway.discord.gg'), settings)?.hostname).toBe('secure');
    expect(proxyFor(new URL('http://feeds.example/rss'), settings)?.hostname).toBe('plain');
  });

  it('describes the settings without credentials', () => {
    const line = describeProxySettings(proxySettingsFromEnv({ HTTPS_PROXY: 'http://bw:hunter2@proxy.corp:3128', NO_PROXY: '.internal,localhost' }));
    expect(line).toBe(
      'Proxy: https:// requests go via http://proxy.corp:3128 (HTTPS_PROXY, with credentials); http:// requests go directly ' +
        '(HTTP_PROXY not set); NO_PROXY: internal, localhost.',
    );
    expect(line).not.toContain('hunter2');
    expect(describeProxySettings(proxySettingsFromEnv({}))).toMatch(/^No proxy/);
  });

  it('hands the password and the header value to the log redaction, and nothing for a proxy without a login', () => {
    const settings = proxySettingsFromEnv({ HTTPS_PROXY: 'http://bw:hunter2@proxy.corp:3128', HTTP_PROXY: 'http://proxy.corp:3128' });
    expect(proxySecrets(settings)).toEqual(['hunter2', `Basic ${Buffer.from('bw:hunter2').toString('base64')}`]);
    expect(proxySecrets(proxySettingsFromEnv({ HTTP_PROXY: 'http://proxy.corp:3128' }))).toEqual([]);
  });
});
