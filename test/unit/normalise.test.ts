import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/domain/canonical-url.ts';
import { decodeEntities, htmlToText, withoutMarkup } from '../../src/domain/html-text.ts';
import { chooseItemKeys, contentFingerprint, itemIdentities, storyKeys } from '../../src/domain/item-key.ts';
import { normaliseDate, normaliseItems, splitGoogleNewsTitle } from '../../src/domain/normalise.ts';
import type { RawItem } from '../../src/domain/normalise.ts';

const FETCHED = '2026-03-10T12:00:00.000Z';
const ctx = { feedId: 'feed-1', feedTitle: 'Computer Weekly', fetchedAt: FETCHED };

describe('htmlToText', () => {
  it('drops script and style content entirely', () => {
    expect(htmlToText('<p>Council <script>alert("x")</script>hit</p><style>p{color:red}</style> by <b>ransomware</b>')).toBe(
      'Council hit by ransomware',
    );
    expect(htmlToText('Before<SCRIPT type="text/javascript">evil()')).toBe('Before');
  });
  it('removes tags, comments and keeps words apart at block boundaries', () => {
    expect(htmlToText('<div>One</div><div>Two</div><!-- hidden --><br/>Three')).toBe('One Two Three');
    expect(htmlToText('<img src=x onerror="alert(1)">Text')).toBe('Text');
  });
  it('decodes named, decimal and hex entities and collapses whitespace', () => {
    expect(htmlToText('NHS&nbsp;trust &amp; council &#8211; &#x2014; &pound;5&hellip;\n\n  done')).toBe('NHS trust & council – — £5… done');
    expect(decodeEntities('&#146;&#0;&unknown;&lt;')).toBe('’\ufffd&unknown;<');
  });
  it('does not turn escaped markup back into tags', () => {
    expect(htmlToText('&lt;script&gt;x&lt;/script&gt;')).toBe('<script>x</script>');
  });
});

describe('htmlToText on plain text', () => {
  it('skips the markup passes only where they change nothing: text with no "<" and no "&"', () => {
    const plain = fc.string({ unit: 'binary', maxLength: 200 }).filter((t) => !t.includes('<') && !t.includes('&'));
    fc.assert(fc.property(plain, (text) => withoutMarkup(text) === text));
    expect(htmlToText('  Council\u0092s  data\u00a0breach \n')).toBe('Council’s data breach');
  });
});

describe('itemIdentities', () => {
  it('is the content fingerprint and the story keys, each made alone', () => {
    const words = fc.constantFrom('Council', 'council', ' data', 'breach  ', 'Example Gazette', 'example.org', '', 'x'.repeat(25));
    const text = fc.array(words, { maxLength: 6 }).map((w) => w.join(' '));
    const maybe = fc.option(text);
    const item = fc.record({ title: text, outlet: maybe, summary: text, content: text, publisher: maybe });
    fc.assert(
      fc.property(item, (i) => {
        expect(itemIdentities(i)).toEqual({ fingerprint: contentFingerprint(i), ...storyKeys(i) });
      }),
    );
  });
});

describe('canonicalUrl', () => {
  it.each([
    ['HTTP://Example.COM/News/Story?b=2&a=1#comments', 'https://example.com/News/Story?a=1&b=2'],
    ['https://example.com/story?utm_source=rss&utm_medium=feed&id=7', 'https://example.com/story?id=7'],
    ['https://example.com/s?fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&ocid=x&cmpid=y&at_medium=z&at_campaign=w&_ga=1&ref=rss', 'https://example.com/s'],
    ['http://example.com:80/a', 'https://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/a/', 'https://example.com/a/'],
    ['https://user:pw@example.com./a', 'https://example.com/a'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['javascript:alert(1)', null],
    ['mailto:x@example.com', null],
    ['', null],
    ['not a url', null],
    ['https://news.google.com/rss/articles/CBMiabc?oc=5&hl=en-GB', 'https://news.google.com/rss/articles/CBMiabc'],
  ])('%s → %s', (raw, expected) => expect(canonicalUrl(raw)).toBe(expected));

  it('treats http and https, tracking changes and param order as one identity', () => {
    expect(canonicalUrl('http://example.com/x?b=1&a=2&utm_campaign=z')).toBe(canonicalUrl('https://EXAMPLE.com/x?a=2&b=1'));
  });
  it('resolves relative links against the feed URL', () => {
    expect(canonicalUrl('/news/1', 'https://example.com/feed.xml')).toBe('https://example.com/news/1');
  });
});

describe('normaliseDate', () => {
  it.each([
    ['Tue, 10 Mar 2026 09:30:00 GMT', '2026-03-10T09:30:00.000Z'],
    ['Tue, 10 Mar 2026 09:30:00 +0100', '2026-03-10T08:30:00.000Z'],
    ['Tue, 10 Mar 2026 09:30:00 BST', '2026-03-10T08:30:00.000Z'],
    ['Tue, 10 Mar 2026 09:30:00', '2026-03-10T09:30:00.000Z'],
    ['2026-03-10T09:30:00Z', '2026-03-10T09:30:00.000Z'],
    ['2026-03-10T09:30:00', '2026-03-10T09:30:00.000Z'],
    ['2026-03-10', '2026-03-10T00:00:00.000Z'],
    ['yesterday-ish', null],
    ['', null],
    ['Thu, 01 Jan 1970 00:00:00 GMT', null],
    [null, null],
  ])('%s → %s', (raw, expected) => expect(normaliseDate(raw, FETCHED)).toBe(expected));

  it('clamps dates beyond the tolerance into the future to the fetch time', () => {
    expect(normaliseDate('2026-03-10T12:10:00Z', FETCHED)).toBe('2026-03-10T12:10:00.000Z');
    expect(normaliseDate('2027-01-01T00:00:00Z', FETCHED)).toBe(FETCHED);
  });
});

describe('splitGoogleNewsTitle', () => {
  it('removes the " - Outlet" suffix named by <source>', () => {
    expect(splitGoogleNewsTitle('Council data breach exposes 5,000 - BBC News', 'BBC News')).toEqual({
      title: 'Council data breach exposes 5,000',
      outlet: 'BBC News',
    });
  });
  it('takes the last " - " part as the outlet when there is no <source>', () => {
    expect(splitGoogleNewsTitle('Police force fined - ICO says - The Guardian', null)).toEqual({
      title: 'Police force fined - ICO says',
      outlet: 'The Guardian',
    });
    expect(splitGoogleNewsTitle('No outlet here', null)).toEqual({ title: 'No outlet here', outlet: null });
  });
});

describe('normaliseItems', () => {
  const item = (over: Partial<RawItem>): RawItem => ({ title: 'Title', link: 'https://example.com/a', ...over });

  it('builds clean articles', () => {
    const [article] = normaliseItems(
      [
        {
          guid: '  abc-1 ',
          link: 'http://example.com/story?utm_source=rss',
          title: '<b>Council</b> &amp; NHS breach',
          summary: '<p>Details <script>x()</script>here</p>',
          content: '<p>Full text</p>',
          isoDate: '2026-03-09T10:00:00.000Z',
        },
      ],
      ctx,
    );
    expect(article).toEqual({
      key: 'guid:abc-1',
      feedId: 'feed-1',
      // Shown with its own scheme (an http-only site must keep working); identity uses https.
      url: 'http://example.com/story',
      title: 'Council & NHS breach',
      summary: 'Details here',
      content: 'Full text',
      outlet: 'Computer Weekly',
      published: '2026-03-09T10:00:00.000Z',
      fetchedAt: FETCHED,
      fingerprint: expect.stringMatching(/^content:[0-9a-z]{10}$/),
      story: expect.stringMatching(/^story:[0-9a-z]{10}$/),
      syndication: expect.stringMatching(/^text:[0-9a-z]{10}$/),
    });
  });

  it('takes the outlet from Google News <source> and splits the title', () => {
    const [article] = normaliseItems(
      [item({ link: 'https://news.google.com/rss/articles/CBMiXYZ?oc=5', title: 'Trust hit by cyber attack - Health Service Journal', source: 'Health Service Journal' })],
      { ...ctx, feedTitle: '"data breach" - Google News' },
    );
    expect(article?.title).toBe('Trust hit by cyber attack');
    expect(article?.outlet).toBe('Health Service Journal');
    expect(article?.url).toBe('https://news.google.com/rss/articles/CBMiXYZ');
  });

  it('skips items with neither title nor link, and keeps the rest', () => {
    const articles = normaliseItems([{ guid: 'x' }, { summary: 'orphan' }, item({ guid: 'ok' })], ctx);
    expect(articles.map((a) => a.key)).toEqual(['guid:ok']);
  });

  it('keeps an item with a missing link (url null) and one with a missing title', () => {
    const articles = normaliseItems([{ title: 'No link here' }, { link: 'https://example.com/only-link', summary: 'Summary text' }], ctx);
    expect(articles).toHaveLength(2);
    expect(articles[0]).toMatchObject({ url: null, key: 'title:no link here' });
    expect(articles[1]).toMatchObject({ title: 'Summary text', key: 'link:https://example.com/only-link' });
  });

  it('ignores empty, whitespace and object-shaped GUIDs', () => {
    const articles = normaliseItems(
      [item({ guid: '   ', link: 'https://example.com/1' }), item({ guid: { $: { isPermaLink: 'false' } }, link: 'https://example.com/2' }), item({ guid: '', link: 'https://example.com/3' })],
      ctx,
    );
    expect(articles.map((a) => a.key)).toEqual(['link:https://example.com/1', 'link:https://example.com/2', 'link:https://example.com/3']);
  });

  it('falls back to the link when GUIDs repeat across different items', () => {
    const articles = normaliseItems([item({ guid: 'same', link: 'https://example.com/1', title: 'One' }), item({ guid: 'same', link: 'https://example.com/2', title: 'Two' })], ctx);
    expect(articles.map((a) => a.key)).toEqual(['link:https://example.com/1', 'link:https://example.com/2']);
  });

  it('collapses duplicate items (same GUID and link) into one', () => {
    const articles = normaliseItems([item({ guid: 'g1', title: 'First' }), item({ guid: 'g1', title: 'First (edited)' }), item({ guid: ' g1 ' })], ctx);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ key: 'guid:g1', title: 'First' });
  });

  it('collapses items that differ only by tracking parameters or http/https', () => {
    const articles = normaliseItems([item({ link: 'http://example.com/a?utm_source=x' }), item({ link: 'https://example.com/a' })], ctx);
    expect(articles).toHaveLength(1);
  });

  it('keeps the key stable when the link changes but the GUID does not', () => {
    const first = normaliseItems([item({ guid: 'stable', link: 'https://example.com/old' })], ctx);
    const second = normaliseItems([item({ guid: 'stable', link: 'https://example.com/new-slug?utm_medium=rss' })], ctx);
    expect(first[0]?.key).toBe(second[0]?.key);
  });

  it('keeps the key stable when only tracking params or scheme change (no GUID)', () => {
    const first = normaliseItems([item({ link: 'http://example.com/a?utm_source=x' })], ctx);
    const second = normaliseItems([item({ link: 'https://example.com/a?fbclid=1' })], ctx);
    expect(first[0]?.key).toBe(second[0]?.key);
  });

  it('treats one garbage date as null without dropping the item', () => {
    const [article] = normaliseItems([item({ pubDate: 'not a date' })], ctx);
    expect(article?.published).toBeNull();
  });
});

describe('chooseItemKeys', () => {
  it('uses the title when guid and link are both missing or repeated', () => {
    const keys = chooseItemKeys([
      { guid: null, link: null, title: 'a' },
      { guid: null, link: null, title: 'b' },
    ]);
    expect(keys.map((k) => k.key)).toEqual(['title:a', 'title:b']);
  });
});

describe('content fingerprint (issue 16 point 6)', () => {
  const story = (n: number, over: Partial<RawItem> = {}): RawItem => ({
    guid: `urn:uuid:${n}-${n * 7919}`,
    link: `https://news.example/story?session=${n}`,
    title: 'Council emails residents’ data to wrong list',
    summary: '<p>The council apologised after a spreadsheet of 2,000 residents was sent to a mailing list.</p>',
    pubDate: `Tue, 10 Mar 2026 0${n % 10}:00:00 GMT`,
    ...over,
  });

  it('gives a story the same fingerprint when its GUID, link and date change but its title and text do not', () => {
    const [first] = normaliseItems([story(1)], ctx);
    const [second] = normaliseItems([story(2, { title: ' council EMAILS residents’ data to  wrong list ' })], ctx);
    expect(first?.key).not.toBe(second?.key);
    expect(first?.fingerprint).toMatch(/^content:/);
    expect(second?.fingerprint).toBe(first?.fingerprint);
    // Other text, another title or another feed outlet is another article.
    const [edited] = normaliseItems([story(3, { summary: 'The council said 3,000 residents were affected.' })], ctx);
    const [retitled] = normaliseItems([story(4, { title: 'School emails pupils’ data to wrong list' })], ctx);
    const [elsewhere] = normaliseItems([story(5)], { ...ctx, feedTitle: 'Another Outlet' });
    for (const other of [edited, retitled, elsewhere]) expect(other?.fingerprint).not.toBe(first?.fingerprint);
    // A bare title has no fingerprint: "Weekly update" may be a different item every week.
    expect(normaliseItems([story(6, { summary: '' })], ctx)[0]?.fingerprint).toBeUndefined();
  });

  it('collapses items in one batch that repeat a title and text under another GUID and link', () => {
    const articles = normaliseItems([story(1), story(2), story(3, { summary: 'Different text.' })], ctx);
    expect(articles.map((a) => a.key)).toEqual(['guid:urn:uuid:1-7919', 'guid:urn:uuid:3-23757']);
  });
});
