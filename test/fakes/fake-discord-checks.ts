// What the fake Discord API checks in a message body, like Discord does (limits → 400 code 50035),
// plus the checks our tests make on rendered text: no live mention, no masked link we did not make.

type Embed = {
  title?: string;
  description?: string;
  url?: string;
  fields?: Array<{ name?: string; value?: string }>;
  footer?: { text?: string };
  author?: { name?: string };
};

const len = (s: unknown): number => (typeof s === 'string' ? s.length : 0);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Problems Discord would answer with 400 Invalid Form Body. Lengths are counted in UTF-16 units,
 * which is never less than Discord's own count, so passing here means passing there.
 */
export function messageBodyProblems(body: unknown): string[] {
  if (!isRecord(body)) return ['body is not an object'];
  const problems: string[] = [];
  if (len(body.content) > 2000) problems.push(`content is ${len(body.content)} > 2000`);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Embed[]) : [];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    if (len(e.title) > 256) problems.push(`${at}.title is ${len(e.title)} > 256`);
    if (len(e.description) > 4096) problems.push(`${at}.description is ${len(e.description)} > 4096`);
    if ((e.fields?.length ?? 0) > 25) problems.push(`${at} has ${e.fields?.length} fields > 25`);
    for (const [j, f] of (e.fields ?? []).entries()) {
      if (len(f.name) === 0 || len(f.name) > 256) problems.push(`${at}.fields[${j}].name length ${len(f.name)}`);
      if (len(f.value) === 0 || len(f.value) > 1024) problems.push(`${at}.fields[${j}].value length ${len(f.value)}`);
      total += len(f.name) + len(f.value);
    }
    if (len(e.footer?.text) > 2048) problems.push(`${at}.footer.text is ${len(e.footer?.text)} > 2048`);
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) problems.push(`${at}.url is not http(s)`);
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  });
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  if (body.nonce !== undefined && (typeof body.nonce !== 'string' || body.nonce.length > 25)) problems.push('nonce must be a string of at most 25 characters');
  return problems;
}

/** Null when `allowed_mentions` is present with `parse: []`; else what is wrong. */
export function allowedMentionsProblem(body: unknown): string | null {
  if (!isRecord(body)) return 'body is not an object';
  const am = body.allowed_mentions;
  if (!isRecord(am)) return 'allowed_mentions is missing';
  if (!Array.isArray(am.parse) || am.parse.length !== 0) return `allowed_mentions.parse is ${JSON.stringify(am.parse)}, not []`;
  if (Array.isArray(am.users) && am.users.length > 0) return 'allowed_mentions.users is not empty';
  if (Array.isArray(am.roles) && am.roles.length > 0) return 'allowed_mentions.roles is not empty';
  if (isRecord(body.message_reference) && am.replied_user !== false) return 'a reply without allowed_mentions.replied_user false';
  return null;
}

/** Every string a user would see in a message body; `markdown` is false where Discord renders none (footer, author). */
export function visibleTexts(body: unknown): Array<{ text: string; markdown: boolean }> {
  if (!isRecord(body)) return [];
  const out: Array<{ text: string; markdown: boolean }> = [];
  const add = (text: unknown, markdown: boolean): void => {
    if (typeof text === 'string') out.push({ text, markdown });
  };
  add(body.content, true);
  for (const e of (Array.isArray(body.embeds) ? body.embeds : []) as Embed[]) {
    add(e.title, true);
    add(e.description, true);
    add(e.footer?.text, false);
    add(e.author?.name, false);
    for (const f of e.fields ?? []) {
      add(f.name ?? '', true);
      add(f.value ?? '', true);
    }
  }
  return out;
}

/** Removes markdown escapes ("\[" → "["), keeping a marker so escaped characters cannot form syntax. */
const unescapeMarked = (text: string): string =>
  text.replace(/\\([^\sA-Za-z0-9])/g, (_m, c: string) => ('[]()<>@#`|*_~'.includes(c) ? '\u0001' : c));

/**
 * Live mentions and spoofable links in rendered text, as Discord's parser would see them.
 * `allowedLinks` are the checked source URLs we link on purpose; their label must be the URL's host.
 */
export function hostileFindings(text: string, allowedLinks: ReadonlySet<string> = new Set(), markdown = true): string[] {
  const found: string[] = [];
  const live = unescapeMarked(text);
  if (/@(everyone|here)/i.test(live)) found.push('@everyone/@here');
  if (/<@!?\d+>/.test(live)) found.push('user mention');
  if (/<@&\d+>/.test(live)) found.push('role mention');
  if (/<#\d+>/.test(live)) found.push('channel mention');
  if (/<\/[\w-]+(?: [\w-]+)*:\d+>/.test(live)) found.push('command mention');
  for (const m of live.matchAll(/\[([^\]]*)\]\(\s*([^)\s]+)[^)]*\)/g)) {
    const label = m[1] ?? '';
    const url = m[2] ?? '';
    let host = '';
    try {
      host = new URL(url).hostname.replace(/^www\./, '');
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
    if (!allowedLinks.has(url) || label !== host) found.push(`masked link [${label}](${url})`);
  }
  if (/[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(text)) found.push('bidi or BOM character');
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) found.push('lone surrogate');
  if (markdown && /```/.test(live)) found.push('code fence');
  return found;
}
