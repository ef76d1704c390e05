// Item identity within one feed, chosen the way MonitoRSS does: for each item, the first of
// guid / canonical link / title that is present and unique within this batch. Keys carry their kind
// as a prefix ("guid:", "link:", "title:") so that a GUID can never collide with a URL.
// Beside its key, an item with text has a content fingerprint ("content:"): the same title and text
// from the same feed are the same article, however often its GUID and link change (issue 16 point 6).
// Across feeds, story keys (`storyKeys`) say which items are one article wherever they come from: one
// publisher's headline in two Google News searches or in a search and its own feed, or a headline and
// lead syndicated word for word by several outlets (issue 20 point 3; docs/adr/017-one-article-across-feeds.md).
import { shortHash } from './text.ts';
import { nfkc } from './text-order.ts';

export interface KeyCandidates {
  /** Trimmed GUID / Atom id, or null when missing, empty or not a string. */
  guid: string | null;
  /** Canonical link, or null. */
  link: string | null;
  /** Normalised title (plain text, lower-case, single spaces), or null when empty. */
  title: string | null;
}

export type KeyField = keyof KeyCandidates;
const FIELDS: readonly KeyField[] = ['guid', 'link', 'title'];

export interface KeyChoice {
  /** Index of the item in the input. */
  index: number;
  key: string;
  field: KeyField;
}

/** Normalises a GUID: strings only, trimmed, empty → null. */
export function cleanGuid(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The title as an identity: case and whitespace differences do not make a new item. */
export function titleIdentity(title: string | null | undefined): string | null {
  if (!title) return null;
  const folded = nfkc(title).toLowerCase().replace(/\s+/g, ' ').trim();
  return folded === '' ? null : folded;
}

/** What an item's content fingerprint is made of. */
export interface FingerprintParts {
  title: string;
  outlet: string | null;
  /** Plain text. */
  summary: string;
  content: string;
}

/** An item's parts folded as identities compare them (titleIdentity): made once, read by both kinds of key. */
interface Folded {
  title: string | null;
  outlet: string | null;
  /** Summary and content. */
  text: string | null;
}

function folded(item: FingerprintParts): Folded {
  const text = titleIdentity(`${item.summary} ${item.content}`);
  return { title: titleIdentity(item.title), outlet: titleIdentity(item.outlet), text };
}

/**
 * The item's content identity within its feed: its title, outlet and text, with case and whitespace
 * folded, hashed. Null for an item without text (a bare title such as "Weekly update" may repeat for
 * different items); dates are left out, as publishers edit them.
 */
export function contentFingerprint(item: FingerprintParts): string | null {
  return fingerprintOf(folded(item));
}

function fingerprintOf({ title, outlet, text }: Folded): string | null {
  if (title === null || text === null) return null;
  return `content:${shortHash(`${title}\n${outlet ?? ''}\n${text}`)}`;
}

/** A lead shorter than this (once the headline and publisher it repeats are taken off) is no lead. */
const MIN_LEAD_CHARS = 20;

/**
 * The item's identities across feeds (either one matching makes two items one article):
 * - `story`: the folded headline and its publisher, by site (from Google News's <source url>, or the
 *   item's own link) or else by name: the same story in two searches, or in a search and the
 *   publisher's own feed. Null without a publisher.
 * - `syndication`: the headline and lead, whoever publishes them (copies syndicated word for word),
 *   when the item has a lead once a repeat of the headline and publisher's name is taken off (Google
 *   News descriptions are only that). Null without one.
 * A bare headline alone is no identity.
 */
export function storyKeys(item: FingerprintParts & { publisher: string | null }): { story: string | null; syndication: string | null } {
  return storyKeysOf(folded(item), item.publisher);
}

type StoryKeys = { story: string | null; syndication: string | null };

function storyKeysOf({ title, outlet, text }: Folded, publisherSite: string | null): StoryKeys {
  if (title === null) return { story: null, syndication: null };
  let lead = text ?? '';
  if (lead.startsWith(title)) lead = lead.slice(title.length).trim();
  if (outlet !== null && lead.endsWith(outlet)) lead = lead.slice(0, lead.length - outlet.length).trim();
  const publisher = publisherSite ?? outlet;
  return {
    story: publisher === null ? null : `story:${shortHash(`${title}\n${publisher}`)}`,
    syndication: lead.length >= MIN_LEAD_CHARS ? `text:${shortHash(`${title}\n${lead}`)}` : null,
  };
}

/** The content fingerprint and the story keys together, folding the item's text once. */
export function itemIdentities(item: FingerprintParts & { publisher: string | null }): {
  fingerprint: string | null;
  story: string | null;
  syndication: string | null;
} {
  const parts = folded(item);
  return { fingerprint: fingerprintOf(parts), ...storyKeysOf(parts, item.publisher) };
}

/** The seen-state entries of an article: its key, and its content fingerprint when it has one. */
export function seenKeys(article: { key: string; fingerprint?: string }): string[] {
  return article.fingerprint === undefined ? [article.key] : [article.key, article.fingerprint];
}

/** Whether an article was seen before, by its key or by its content fingerprint. */
export function wasSeen(article: { key: string; fingerprint?: string }, seen: ReadonlySet<string>): boolean {
  return seenKeys(article).some((key) => seen.has(key));
}

/**
 * Chooses one key per item. Items that share every present identity with an earlier item are
 * duplicates: only the first is kept (so the result may be shorter than the input).
 * Items with no guid, link or title at all are dropped.
 */
export function chooseItemKeys(items: readonly KeyCandidates[]): KeyChoice[] {
  return chooseKeys(items, (index) => items[index]?.title ?? null);
}

/**
 * chooseItemKeys with each item's title identity made only when a key needs it (`titleOf(index)`, at most once
 * an item): when every item has a unique GUID or link, which is most feeds, no title is folded (ADR 028).
 */
export function chooseKeys(items: ReadonlyArray<Omit<KeyCandidates, 'title'>>, titleOf: (index: number) => string | null): KeyChoice[] {
  const titles = new Map<number, string | null>();
  const title = (index: number): string | null => {
    let value = titles.get(index);
    if (value === undefined && !titles.has(index)) titles.set(index, (value = titleOf(index)));
    return value ?? null;
  };
  // First collapse plain repeats: same GUID and same link, or (without GUIDs) same link, or
  // (without either) same title. A repeat with an edited title is still the same item.
  const distinct: Array<{ item: Omit<KeyCandidates, 'title'>; index: number }> = [];
  const signatures = new Set<string>();
  items.forEach((item, index) => {
    const signature = duplicateSignature(item, () => title(index));
    if (signature === null || signatures.has(signature)) return;
    signatures.add(signature);
    distinct.push({ item, index });
  });

  const counts: Record<KeyField, Map<string, number>> = { guid: new Map(), link: new Map(), title: new Map() };
  const count = (field: KeyField, value: string | null): void => {
    if (value !== null) counts[field].set(value, (counts[field].get(value) ?? 0) + 1);
  };
  for (const { item } of distinct) {
    count('guid', item.guid);
    count('link', item.link);
  }
  const unique = (field: 'guid' | 'link', value: string | null): boolean => value !== null && counts[field].get(value) === 1;
  // Titles count only for an item with neither a unique GUID nor a unique link: then every title is counted.
  if (distinct.some(({ item }) => !unique('guid', item.guid) && !unique('link', item.link))) {
    for (const { index } of distinct) count('title', title(index));
  }

  const used = new Set<string>();
  const choices: KeyChoice[] = [];
  for (const { item, index } of distinct) {
    const candidates: KeyCandidates = { guid: item.guid, link: item.link, title: unique('guid', item.guid) || unique('link', item.link) ? null : title(index) };
    let choice: KeyChoice | null = null;
    for (const field of FIELDS) {
      const value = candidates[field];
      if (value !== null && counts[field].get(value) === 1) {
        choice = { index, key: `${field}:${value}`, field };
        break;
      }
    }
    if (choice === null) {
      // No unique identity: this item repeats another. The first present field names the group;
      // the first item of the group keeps it, the rest collapse into it.
      const field = FIELDS.find((f) => candidates[f] !== null);
      if (field === undefined) continue;
      choice = { index, key: `${field}:${candidates[field] as string}`, field };
    }
    if (used.has(choice.key)) continue;
    used.add(choice.key);
    choices.push(choice);
  }
  return choices;
}

function duplicateSignature(item: Omit<KeyCandidates, 'title'>, title: () => string | null): string | null {
  if (item.guid !== null) return `guid:${item.guid}\nlink:${item.link ?? ''}`;
  if (item.link !== null) return `link:${item.link}`;
  const folded = title();
  return folded !== null ? `title:${folded}` : null;
}
