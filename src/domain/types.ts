// The plain data that flows through breachwatch. Pure types: no I/O, no platform shapes.

export const SECTORS = [
  'police',
  'council',
  'nhs',
  'central_government',
  'education',
  'justice',
  'transport',
  'regulator',
  'other_public',
] as const;
export type Sector = (typeof SECTORS)[number];

export const CAUSES = [
  'cyber_attack',
  'ransomware',
  'human_error',
  'misconfiguration',
  'insider',
  'loss_theft',
  'supplier',
] as const;
export type Cause = (typeof CAUSES)[number];

/** Why an article was or was not an alert, as a machine-readable bucket (labelling.md). */
export const CATEGORIES = [
  'public_sector_breach',
  'private_breach',
  'investigation',
  'scam_warning',
  'policy',
  'non_uk_public_breach',
  'no_data_exposed',
  'not_breach',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** One item from a feed, cleaned: plain text, canonical link, ISO dates. */
export interface Article {
  /** Identity of the item within its feed (guid, link or title: see item-key.ts). */
  key: string;
  feedId: string;
  /** Canonical URL (tracking parameters removed), or null when the item had no usable link. */
  url: string | null;
  title: string;
  /** Plain text, HTML stripped and entities decoded. */
  summary: string;
  /** Plain text of the full content when the feed carries it, else ''. */
  content: string;
  /** Human name of the publisher, e.g. "Computer Weekly". */
  outlet: string | null;
  /** ISO 8601 publication time, or null when missing or unparseable. */
  published: string | null;
  /** ISO 8601 time we first fetched it. */
  fetchedAt: string;
  /**
   * Content fingerprint (item-key.ts `contentFingerprint`), seen-state beside `key`: an item whose key
   * is new but whose fingerprint was seen in this feed is not new. Absent for items without text.
   */
  fingerprint?: string;
  /**
   * Identities across feeds (item-key.ts `storyKeys`): the headline and publisher (`story`), the headline
   * and lead (`syndication`). An article whose key another feed recorded in the days around it is that
   * article again, not a new one. Absent when the item has none.
   */
  story?: string;
  syndication?: string;
}

/** The text the classifier reads: the classify CLI's input line has the same fields. */
export interface ArticleText {
  title: string;
  summary: string;
  content?: string | null;
  url?: string | null;
  outlet?: string | null;
  published?: string | null;
}

export interface Classification {
  alert: boolean;
  /** 0..1, how sure the rules are that this is a public-sector breach. */
  score: number;
  category: Category;
  /** Sentences a person can check: which organisation matched and how, which terms, which rule. */
  reasons: string[];
  /** Canonical name of the breached public body (from the gazetteer), or null. */
  organisation: string | null;
  /** Other public bodies named as breached in the same story (e.g. a council and a police force). */
  otherOrganisations: string[];
  /** A supplier or contractor that held the body's data, when the story names one. */
  supplier: string | null;
  sector: Sector | null;
  affected: number | null;
  dataTypes: string[];
  cause: Cause | null;
  regulatorAction: string | null;
}

export interface ArticleRef {
  url: string | null;
  title: string;
  outlet: string | null;
  published: string | null;
}

/** What one article says about its incident: the input to the incident's facts (incident-facts.ts). */
export interface ArticleEvidence {
  /** Identity of the article: feed id and item key. */
  key: string;
  url: string | null;
  title: string;
  outlet: string | null;
  /** ISO publication date (or fetch date when the feed gave none). */
  published: string;
  organisation: string;
  otherOrganisations: string[];
  sector: Sector | null;
  supplier: string | null;
  affected: number | null;
  dataTypes: string[];
  cause: Cause | null;
  regulatorAction: string | null;
  terms: string[];
  reasons: string[];
  /** The classifier's confidence that the article is an alert (absent in evidence stored before it was kept). */
  score?: number;
  /** Years the article names (absent in evidence stored before it was recorded). */
  years?: number[];
  /**
   * The incident an admin merge folded this article in from (its id). Such evidence only fills in
   * facts the kept incident's own articles lack (incident-facts.ts), and a split sends it back there.
   */
  foldedFrom?: string;
}

/** One real-world breach, built from one or more articles. */
export interface Incident {
  id: string;
  organisation: string;
  otherOrganisations: string[];
  supplier: string | null;
  sector: Sector | null;
  affected: number | null;
  dataTypes: string[];
  cause: Cause | null;
  regulatorAction: string | null;
  reasons: string[];
  /** Distinctive words of the incident's articles, for matching later articles. */
  terms: string[];
  articles: ArticleRef[];
  /** Sources not listed in `articles` (the list is capped: cluster.ts MAX_EVIDENCE); absent means none. */
  moreSources?: number;
  /** ISO time of the earliest article (by publication date, else fetch time). */
  firstSeen: string;
  /** ISO time of the latest article. */
  lastSeen: string;
  /** 'merged': folded into another incident (see mergedFrom on that one); 'not_breach': an admin said so. */
  status: 'open' | 'not_breach' | 'merged';
  /** Region of the breached body from the gazetteer ("London", "Wales"…), when it is known. */
  region?: string | null;
  /** The highest classifier score of its articles (null: none recorded), for a destination's minScore. */
  score?: number | null;
  /** Every distinct count of people affected that was reported; more than one means reports conflict. */
  affectedReported?: number[];
  /** Per-article facts the incident's facts are computed from (incident-facts.ts). */
  evidence?: ArticleEvidence[];
  /** What happened to the incident, oldest first: created, new sources, fact changes, corrections. */
  history?: IncidentHistoryEntry[];
  /** Ids of incidents folded into this one. */
  mergedFrom?: string[];
  /** Article keys an admin split out of this incident: they never join it again. */
  excludedKeys?: string[];
}

export interface IncidentHistoryEntry {
  at: string;
  kind: 'created' | 'source' | 'facts' | 'merged' | 'split' | 'not_breach' | 'reopened';
  source: ArticleRef | null;
  changes: string[];
  /** Who made a correction (admins), when it was not the pipeline. */
  by?: string;
}

