// Feeds written by us in the shape of the real ones, for tests: a Google News UK search (publisher in
// <source url>, " - Publisher" title suffix, opaque news.google.com links, a description that repeats the
// headline and publisher) and an outlet's own RSS feed (headline and lead).

export interface SearchHit {
  headline: string;
  publisher: string;
  site: string;
  /** Google's opaque article id: a different one in each search for the same story. */
  opaqueId: string;
  published: string;
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function googleNewsSearchRss(query: string, hits: readonly SearchHit[]): string {
  const items = hits.map((hit) => {
    const link = `https://news.google.com/rss/articles/${hit.opaqueId}?oc=5`;
    const description = `<a href="${link}" target="_blank">${xml(hit.headline)}</a>&nbsp;&nbsp;<font color="#6f6f6f">${xml(hit.publisher)}</font>`;
    return [
      '<item>',
      `<title>${xml(`${hit.headline} - ${hit.publisher}`)}</title>`,
      `<link>${link}</link>`,
      `<guid isPermaLink="false">${hit.opaqueId}</guid>`,
      `<pubDate>${new Date(hit.published).toUTCString()}</pubDate>`,
      `<description>${xml(description)}</description>`,
      `<source url="${xml(hit.site)}">${xml(hit.publisher)}</source>`,
      '</item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<rss xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel><generator>NFE/5.0</generator>',
    `<title>${xml(`"${query}" - Google News`)}</title>`,
    `<link>https://news.google.com/search?q=${encodeURIComponent(query)}&amp;hl=en-GB&amp;gl=GB&amp;ceid=GB:en</link>`,
    '<language>en-GB</language><description>Google News</description>',
    ...items,
    '</channel></rss>',
  ].join('\n');
}

export interface OutletStory {
  headline: string;
  lead: string;
  url: string;
  published: string;
}

export function outletRss(outlet: string, site: string, stories: readonly OutletStory[]): string {
  const items = stories.map((s) =>
    [
      '<item>',
      `<title>${xml(s.headline)}</title>`,
      `<link>${xml(s.url)}</link>`,
      `<guid isPermaLink="true">${xml(s.url)}</guid>`,
      `<pubDate>${new Date(s.published).toUTCString()}</pubDate>`,
      `<description>${xml(`<p>${s.lead}</p>`)}</description>`,
      '</item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0"><channel><title>${xml(outlet)}</title><link>${xml(site)}</link><description>News</description>`,
    ...items,
    '</channel></rss>',
  ].join('\n');
}
