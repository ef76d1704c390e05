// Renders the demo's articles as RSS 2.0 (with content:encoded) or Atom 1.0 XML. No I/O.
import type { DemoArticle, DemoFeedDefinition } from './demo-feed-data.ts';

/** Escapes text for XML element content and double-quoted attribute values (the only kind we write). */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Wraps text in CDATA, splitting any `]]>` it contains so the section cannot be closed early. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, text: string, attributes = ''): string {
  return `<${name}${attributes}>${escapeXml(text)}</${name}>`;
}

export interface RenderedFeed {
  xml: string;
  contentType: string;
  /** Newest item's publication time (the epoch for an empty feed): used for Last-Modified. */
  lastModified: Date;
}

function newest(items: DemoArticle[]): Date {
  const times = items.map((a) => a.published.getTime());
  return new Date(times.length > 0 ? Math.max(...times) : 0);
}

export function renderFeed(feed: DemoFeedDefinition, items: DemoArticle[], selfUrl: string): RenderedFeed {
  const lastModified = newest(items);
  return feed.format === 'atom'
    ? { xml: renderAtom(feed, items, selfUrl, lastModified), contentType: 'application/atom+xml; charset=utf-8', lastModified }
    : { xml: renderRss(feed, items, selfUrl, lastModified), contentType: 'application/rss+xml; charset=utf-8', lastModified };
}

function renderRssItem(item: DemoArticle): string {
  const isPermaLink = item.guid === item.link ? 'true' : 'false';
  const lines = [
    '    <item>',
    `      ${element('title', item.title)}`,
    `      ${element('link', item.link)}`,
    `      ${element('guid', item.guid, ` isPermaLink="${isPermaLink}"`)}`,
    `      ${element('pubDate', item.published.toUTCString())}`,
  ];
  if (item.author !== null) lines.push(`      ${element('dc:creator', item.author)}`);
  for (const category of item.categories) lines.push(`      ${element('category', category)}`);
  lines.push(
    `      ${element('description', item.summary)}`,
    `      <content:encoded>${cdata(item.contentHtml)}</content:encoded>`,
    '    </item>',
  );
  return lines.join('\n');
}

export function renderRss(feed: DemoFeedDefinition, items: DemoArticle[], selfUrl: string, lastBuild: Date): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
      ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    ${element('title', feed.name)}`,
    `    ${element('link', feed.siteUrl)}`,
    `    ${element('description', feed.description)}`,
    '    <language>en-gb</language>',
    `    ${element('lastBuildDate', lastBuild.toUTCString())}`,
    `    <atom:link href="${escapeXml(selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items.map(renderRssItem),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

function renderAtomEntry(item: DemoArticle): string {
  const lines = [
    '  <entry>',
    `    ${element('title', item.title)}`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(item.link)}"/>`,
    `    ${element('id', item.guid)}`,
    `    ${element('published', item.published.toISOString())}`,
    `    ${element('updated', item.published.toISOString())}`,
  ];
  if (item.author !== null) lines.push(`    <author>${element('name', item.author)}</author>`);
  for (const category of item.categories) lines.push(`    <category term="${escapeXml(category)}"/>`);
  lines.push(
    `    ${element('summary', item.summary, ' type="text"')}`,
    `    ${element('content', item.contentHtml, ' type="html"')}`,
    '  </entry>',
  );
  return lines.join('\n');
}

export function renderAtom(feed: DemoFeedDefinition, items: DemoArticle[], selfUrl: string, updated: Date): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    `  ${element('title', feed.name)}`,
    `  ${element('subtitle', feed.description)}`,
    `  ${element('id', feed.siteUrl)}`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.siteUrl)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(selfUrl)}"/>`,
    `  ${element('updated', updated.toISOString())}`,
    ...items.map(renderAtomEntry),
    '</feed>',
    '',
  ].join('\n');
}
