// Builds config/gazetteer.json from the open data in /work/shared/data/gazetteer and config/aliases.yaml.
// Run: npx node scripts/build-gazetteer.ts [dataDir] (Node 24). The output has no runtime link to the data dir.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SECTORS } from '../src/domain/types.ts';
import type { Sector } from '../src/domain/types.ts';
import type { GazetteerEntry } from '../src/domain/classify/gazetteer.ts';
import { SOURCE_FILES, parseCsv, parseTsv, readText, titleCase, withHeader } from './gazetteer/read-sources.ts';
import { govukSector, keepAbbreviation, okfnSector } from './gazetteer/sector-rules.ts';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.argv[2] ?? resolve(root, '../shared/data/gazetteer'));
const outPath = resolve(root, 'config/gazetteer.json');

const byKey = new Map<string, GazetteerEntry>();
const aliasOwner = new Map<string, string>();

function key(name: string): string {
  return name
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** Short names that name some other thing first (config/aliases.yaml `notAliases`): never an alias. */
const never = new Set<string>();

/** Adds a body, or merges aliases into the body with the same normalised name. Returns the kept entry. */
function add(name: string, sector: Sector, aliases: string[], region?: string, override = false): GazetteerEntry | null {
  const n = clean(name);
  if (!n || n.includes('ï¿½') || n.length < 3) return null;
  const k = key(n);
  const existing = byKey.get(k) ?? (aliasOwner.has(k) ? byKey.get(aliasOwner.get(k) ?? '') : undefined);
  const entry = existing ?? { name: n, sector, aliases: [] };
  // Newsrooms drop qualifiers: "Youth Justice Board", "Belfast Health and Social Care Trust".
  const short = n.replace(/\s+(?:for England and Wales|\(Northern Ireland\)|\(CHC\))$/, '');
  if (short !== n) aliases = [...aliases, short];
  if (!existing) byKey.set(k, entry);
  if (override) {
    entry.sector = sector;
    if (region) entry.region = region;
  } else if (region && !entry.region) entry.region = region;
  const ownKey = key(entry.name);
  for (const a of [n, ...aliases].map(clean)) {
    if (never.has(a) && a !== n) continue;
    const ak = key(a);
    // One-word names match by case ("SEPA" only in capitals), so "Sepa" is a spelling of its own.
    const oneWord = !/\s/.test(a);
    if (!ak || ak === ownKey || entry.aliases.some((x) => (oneWord ? x === a : key(x) === ak))) continue;
    if (aliasOwner.has(ak) && aliasOwner.get(ak) !== ownKey && !override) continue; // first owner keeps it
    if (byKey.has(ak) && ak !== ownKey && !override) continue;
    entry.aliases.push(a);
    if (override || !aliasOwner.has(ak)) aliasOwner.set(ak, ownKey);
  }
  return entry;
}

// 1. Hand-written aliases first: they win every clash.
interface HandEntry { name: string; sector: string; aliases?: string[]; region?: string }
const hand = parseYaml(readFileSync(resolve(root, 'config/aliases.yaml'), 'utf8')) as {
  entries: HandEntry[];
  notAliases?: string[];
};
for (const a of hand.notAliases ?? []) never.add(a);
for (const h of hand.entries) {
  if (!(SECTORS as readonly string[]).includes(h.sector)) throw new Error(`aliases.yaml: ${h.name} has unknown sector ${h.sector}`);
  add(h.name, h.sector as Sector, h.aliases ?? [], h.region, true);
}

// 2. Police forces (England, Wales, PSNI) and a PCC for each force area.
for (const [id, name] of parseTsv(readText(dataDir, SOURCE_FILES.police)).slice(1)) {
  if (!id || !name) continue;
  const base = name.replace(/\s+(Police|Constabulary|Police Service)$/i, '').replace(/&/g, 'and');
  const forceAliases = name === 'Metropolitan Police Service' || /Northern Ireland/.test(name) ? [] : [`${base} Police`, `${base} Constabulary`, `${base} police force`];
  add(name, 'police', forceAliases);
  if (id !== 'metropolitan' && id !== 'northern-ireland' && id !== 'city-of-london') {
    add(`${base} Police and Crime Commissioner`, 'police', [`${base} PCC`, `Police and Crime Commissioner for ${base}`]);
  }
}

// 3. Councils: current ones with official, nice and alternative names.
const councils = withHeader(parseCsv(readText(dataDir, SOURCE_FILES.councils)));
const shortNames: Array<[string, string, string]> = [];
/**
 * First parts of double names that are no place of their own ("Mid and East Antrim", "Yorkshire and The
 * Humber"), or as often a council abroad (Perth in Western Australia, Newark in New Jersey, Windsor in Ontario).
 */
const NOT_A_PLACE = new Set(['Mid', 'North', 'South', 'East', 'West', 'Central', 'Greater', 'Yorkshire', 'Perth', 'Newark', 'Windsor']);
for (const c of councils) {
  if (c['current-authority'] !== 'True' || c['end-date']) continue;
  const nice = c['nice-name'] ?? '';
  const official = c['official-name'] ?? nice;
  const type = c['local-authority-type'] ?? '';
  // Alt names are comma-separated, so "Bristol, City of" arrives as "Bristol" and "City of": drop such fragments.
  const alt = (c['alt-names'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /council|borough|city of|corporation/i.test(s) && /^\p{Lu}/u.test(s) && !/^(?:city|borough|county|royal borough) of$/i.test(s));
  const aliases = [`${nice} Council`, `${nice} council`, ...alt];
  // A double name goes by its first place in headlines: "Redcar council" (Redcar and Cleveland), "Brighton
  // council" (Brighton and Hove). Added after every council's own names, so no council loses its own.
  const first = /^(\p{Lu}[\p{L}'-]+(?: \p{Lu}[\p{L}'-]+)?)(?:,| and | with )/u.exec(nice)?.[1]?.replace(/ City$/, '');
  if (first && !NOT_A_PLACE.has(first)) shortNames.push([official, `${first} council`, `${first} Council`]);
  if (type === 'CTY') aliases.push(`${nice} County Council`);
  if (type === 'LBO') aliases.push(`London Borough of ${nice}`, `${nice} London Borough Council`);
  if (type === 'MD' || type === 'NMD') aliases.push(`${nice} Borough Council`, `${nice} District Council`, `${nice} City Council`);
  add(official, 'council', aliases, c.region || c.nation);
}
for (const [official, ...aliases] of shortNames) add(official, 'council', aliases);

// 4. NHS: open trusts, ICBs, and CCGs (closed CCGs kept: older stories name them).
for (const r of parseCsv(readText(dataDir, SOURCE_FILES.trusts))) {
  if (r[11]) continue; // closed
  const name = titleCase(r[1] ?? '');
  const aliases = name.endsWith('NHS Foundation Trust') ? [name.replace(/ NHS Foundation Trust$/, ' NHS Trust')] : [];
  // "King's College Hospital", "Royal Free Hospital": the hospital name alone, when it says hospital.
  const hospital = name.replace(/^The /, '').replace(/ NHS (?:Foundation )?Trust$/, '');
  if (hospital !== name && /\bHospitals?$/.test(hospital) && hospital.split(' ').length >= 3) aliases.push(hospital);
  add(name, 'nhs', aliases);
}
for (const r of withHeader(parseCsv(readText(dataDir, SOURCE_FILES.icbs)))) {
  const name = r.ICB24NM ?? '';
  const short = name.replace(/ Integrated Care Board$/, ' ICB');
  add(name, 'nhs', [short, short.replace(/^NHS /, '')]);
}
for (const r of parseCsv(readText(dataDir, SOURCE_FILES.ccgs))) {
  const raw = r[1] ?? '';
  if (!/ CCG$/.test(raw)) continue; // sub-ICB locations and hubs are parts of ICBs
  const name = titleCase(raw).replace(/ Ccg$/, ' CCG');
  add(name, 'nhs', [name.replace(/ CCG$/, ' Clinical Commissioning Group')]);
}

// 5. Central government: GOV.UK live organisations, then the 2017 register for older names.
interface GovOrg { title: string; format: string; details: { abbreviation?: string; govuk_status?: string }; parent_organisations: { id: string }[] }
const govuk = JSON.parse(readText(dataDir, SOURCE_FILES.govuk)) as GovOrg[];
for (const o of govuk) {
  const parents = o.parent_organisations.map((p) => p.id.split('/').pop() ?? '');
  const sector = govukSector(o.title, o.format, parents);
  if (!sector) continue;
  const abbr = (o.details.abbreviation ?? '').trim();
  add(o.title, sector, keepAbbreviation(abbr, o.title) ? [abbr] : []);
}
for (const [, name, , , end] of parseTsv(readText(dataDir, SOURCE_FILES.govRegister)).slice(1)) {
  if (!name || end) continue;
  const sector = govukSector(name, 'register', []);
  if (sector) add(name, sector, []);
}

// 6. Universities (names only) and the okfn multi-sector list for Scotland, Wales, NI and abbreviations.
for (const u of withHeader(parseCsv(readText(dataDir, SOURCE_FILES.universities)))) {
  const view = u.VIEW_NAME ?? '';
  const aliases = [titleCase(u.PROVIDER_NAME ?? '')];
  const m = /^University of ([\p{L} ]+)$/u.exec(view);
  if (m?.[1] && !/ and /.test(m[1])) aliases.push(`${m[1]} University`);
  add(view, 'education', aliases, u.TOWN ? titleCase(u.TOWN) : undefined);
}
for (const r of withHeader(parseCsv(readText(dataDir, SOURCE_FILES.okfn)))) {
  const tags = (r.tags ?? '').split(/\s+/);
  if (tags.includes('defunct') || r.dissolution_date) continue;
  const sector = okfnSector(tags);
  if (!sector) continue;
  const abbr = (r.abbreviation ?? '').trim();
  const aliases = keepAbbreviation(abbr, r.name ?? '') || abbr.includes(' ') ? [abbr] : [];
  for (const o of (r.other_names ?? '').split(/[;|]/)) if (o.trim()) aliases.push(o.trim());
  add((r.name ?? '').replace(/\s*\((MPS|Northern Ireland)\)$/, (s) => (s.includes('Northern') ? s : '')), sector, aliases);
}

// Bodies in the open data that are no longer public (privatised): a breach there is a private breach.
const PRIVATISED = new Set(['royal mail', 'royal mail group', 'british telecom', 'bt group', 'national grid']);
for (const k of [...byKey.keys()]) if (PRIVATISED.has(k)) byKey.delete(k);

const entries = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
const json = `${JSON.stringify({ generated: 'scripts/build-gazetteer.ts', sources: 'config/GAZETTEER-SOURCES.md', entries }, null, 0)
  .replace(/\},\{/g, '},\n{')}\n`;
writeFileSync(outPath, json);
const bySector = new Map<string, number>();
for (const e of entries) bySector.set(e.sector, (bySector.get(e.sector) ?? 0) + 1);
console.log(`Wrote ${entries.length} bodies (${(json.length / 1024).toFixed(0)} KiB) to ${outPath}`);
console.log([...bySector].map(([s, n]) => `${s}: ${n}`).join(', '));
