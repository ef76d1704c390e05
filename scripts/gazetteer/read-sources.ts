// Readers for the open-data files under /work/shared/data/gazetteer: each returns raw rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function parseTsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

/** Rows as objects keyed by the header row. */
export function withHeader(rows: string[][]): Record<string, string>[] {
  const [header, ...rest] = rows;
  if (!header) return [];
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

export const SOURCE_FILES = {
  councils: 'local_authorities/mysociety_uk_local_authority_names_and_codes/uk_la_past_current/uk_local_authorities_current.csv',
  councilNames: 'local_authorities/mysociety_uk_local_authority_names_and_codes/uk_la_past_current/lookup_name_to_registry.csv',
  police: 'police/openregister_police-data/police-force.tsv',
  trusts: 'nhs/jhau_nhs-spend/etr.csv',
  ccgs: 'nhs/jhau_nhs-spend/eccg.csv',
  icbs: 'nhs/jhau_nhs-spend/icb_names_codes_dec_2024.csv',
  govuk: 'central_government/govuk_api_via_tobylivesey_uk-gov-mapper/govuk_extant_orgs.json',
  govRegister: 'central_government/openregister_government-organisation-data/government-organisation.tsv',
  universities: 'universities/odileeds_learning-provider-website-emissions/learning-providers-plus.csv',
  okfn: 'multi_sector/okfn_publicbodies/gb.csv',
} as const;

const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'on', 'upon', 'in', 'at', 'with', 'under', 'by']);
const KEEP_UPPER = new Set(['NHS', 'ICB', 'CCG', 'UK', 'HM', 'II', 'III', 'IT', 'UCL', 'NI']);

/** "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST" → "Manchester University NHS Foundation Trust". */
export function titleCase(upper: string): string {
  return upper
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((w, i) => {
      const up = w.toUpperCase();
      if (KEEP_UPPER.has(up)) return up;
      if (i > 0 && SMALL_WORDS.has(w)) return w;
      return w.replace(/^(\p{L})/u, (c) => c.toUpperCase()).replace(/(['’])(\p{L})(?=\p{L})/u, (_, q: string, c: string) => q + c.toUpperCase());
    })
    .join('')
    .replace(/\bKing'S\b|\bKing’S\b/g, "King's");
}
