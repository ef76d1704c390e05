import { describe, expect, it } from 'vitest';
import { parseChannelRef, parseCommandText, splitWords } from '../../src/commands/parse-command.ts';

describe('parseCommandText', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['recent', { kind: 'recent', limit: 5, sector: null }],
    ['recent 10 police', { kind: 'recent', limit: 10, sector: 'police' }],
    ['recent NHS', { kind: 'recent', limit: 5, sector: 'nhs' }],
    ['search ransomware "north london"', { kind: 'search', query: 'ransomware north london' }],
    ['show bw-0q2ft4d0dm', { kind: 'show', incidentId: 'bw-0q2ft4d0dm' }],
    ['stats', { kind: 'stats', period: '30d' }],
    ['stats 1y', { kind: 'stats', period: '1y' }],
    ['feed add <https://ico.org.uk/feed|ico.org.uk/feed> ICO news', { kind: 'feed_add', url: 'https://ico.org.uk/feed', name: 'ICO news' }],
    ['feed add https://a.example/rss', { kind: 'feed_add', url: 'https://a.example/rss', name: null }],
    ['feed remove ico-news', { kind: 'feed_remove', feedId: 'ico-news' }],
    ['feed list', { kind: 'feed_list' }],
    ['feed test https://a.example/rss', { kind: 'feed_test', url: 'https://a.example/rss' }],
    ['route add <#C0123|alerts> sector=police,nhs min=1000 keyword=ransomware', { kind: 'route_add', channel: 'C0123', filters: { sectors: ['police', 'nhs'], minAffected: 1000, keywords: ['ransomware'] } }],
    ['route add <#C0123|alerts> score=0.8', { kind: 'route_add', channel: 'C0123', filters: { minScore: 0.8 } }],
    ['route add', { kind: 'route_add', channel: '', filters: {} }],
    ['route remove r-abc', { kind: 'route_remove', routeId: 'r-abc' }],
    ['route list', { kind: 'route_list' }],
  ])('%s', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it.each([
    ['recent 50', /between 1 and 20/],
    ['recent banks', /not a number or a sector/],
    ['search', /what to search for/],
    ['show', /Which incident/],
    ['stats 2w', /not a period/],
    ['feed add ftp://x', /http\(s\) URL/],
    ['feed', /Feed commands/],
    ['route add sector=banks', /not a sector/],
    ['route add min=lots', /whole number/],
    ['route add score=1.5', /score= takes the lowest classifier score from 0 to 1/],
    ['route add colour=red', /not a filter/],
    ['dance', /I don't know "dance"/],
  ])('explains what is wrong with "%s"', (text, message) => {
    const result = parseCommandText(text);
    expect(result.kind).toBe('parse_error');
    if (result.kind === 'parse_error') expect(result.message).toMatch(message);
  });

  it('splits words and channel references', () => {
    expect(splitWords('a "b c" “d e” f')).toEqual(['a', 'b c', 'd e', 'f']);
    expect(parseChannelRef('<#C0123|general>')).toBe('C0123');
    expect(parseChannelRef('123456789012345678')).toBe('123456789012345678');
    expect(parseChannelRef('hello')).toBeNull();
  });
});

describe('route filters by region', () => {
  it('keeps quoted regions with spaces together', () => {
    expect(parseCommandText('route add <#C1|x> region="North West",London sector=council')).toEqual({
      kind: 'route_add',
      channel: 'C1',
      filters: { regions: ['North West', 'London'], sectors: ['council'] },
    });
  });
});

describe('bad commands say what to fix', () => {
  it.each([
    ['feed add', /Give the feed's http\(s\) URL\. Usage: \/breach feed add <url> \[name\]/],
    ['feed add javascript:alert(1)', /http\(s\) URL/],
    ['feed add <https://a.example/x|label', /http\(s\) URL/],
    ['feed test', /Usage: \/breach feed test <url>/],
    ['feed remove', /Which feed\? See \/breach feed list/],
    ['route remove', /Which route\? See \/breach route list/],
    ['route', /Route commands: route add/],
    ['route add sector=', /"sector=" is not a channel or a filter\. Usage: \/breach route add/],
    ['route add <#C1|x> min=-5', /min= takes a whole number of people, e\.g\. min=1000/],
    ['recent 0', /between 1 and 20/],
    ['recent 5 police extra', /"extra" is not a number or a sector \(police, council/],
    ['incident', /Incident corrections: incident merge/],
    ['incident merge bw-1', /Usage: \/breach incident merge <incident to keep> <incident to fold in>/],
    ['incident split bw-1', /Usage: \/breach incident split <incident> <article link or number>/],
  ])('"%s" → %s', (text, message) => {
    const result = parseCommandText(text);
    expect(result.kind).toBe('parse_error');
    if (result.kind === 'parse_error') expect(result.message).toMatch(message);
  });

  it('never throws on hostile or huge input, and always answers with a command or an explanation', () => {
    for (const text of ['<!channel>', '@everyone', '"', '“unclosed', '\u0000\u202e', 'x'.repeat(100_000), 'recent '.repeat(1000), 'route add '.concat('min=1 '.repeat(500))]) {
      const result = parseCommandText(text);
      if (result.kind === 'parse_error') expect(result.message.length).toBeGreaterThan(0);
    }
  });
});
