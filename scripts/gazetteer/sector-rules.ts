// Which sector a body from the open data belongs to, and which abbreviations are safe to match.
import type { Sector } from '../../src/domain/types.ts';

const JUSTICE_PARENTS = new Set(['ministry-of-justice', 'hm-courts-and-tribunals-service', 'department-of-justice-northern-ireland']);
const REGULATOR = /\b(regulat|ombudsman|commissioner|inspectorate)|^Of[a-z]+$|Ofsted|Ofqual|Ofgem|Ofwat|Ofcom|Care Quality Commission|Charity Commission|Gambling Commission|Electoral Commission|Health and Safety Executive|Competition and Markets Authority|Financial Conduct Authority|Pensions Regulator|Environment (?:Protection )?Agency|Natural Resources Wales/i;
/** Northern Ireland's departments are its devolved government, whatever format the source gives them. */
const NI_DEPARTMENT = /^(?:The Executive Office|Department (?:of|for) .+) \(Northern Ireland\)$/;
const TRANSPORT = /\b(Network Rail|Transport for|Highways|High Speed Two|HS2|British Transport Police Authority|Railways?)\b/i;
const SKIP_FORMAT = new Set(['Ad-hoc advisory group']);

export function govukSector(title: string, format: string, parents: string[]): Sector | null {
  if (SKIP_FORMAT.has(format)) return null;
  if (format === 'Court' || format === 'Tribunal') return 'justice';
  if (/\b(Police|Constabulary)\b/.test(title) && !/Authority|Board|Tribunal|Commissioner/.test(title)) return 'police';
  if (REGULATOR.test(title)) return 'regulator';
  if (NI_DEPARTMENT.test(title)) return 'central_government';
  if (parents.some((p) => JUSTICE_PARENTS.has(p)) || /\b(Prison|Probation|Courts?|Tribunals?|Crown Prosecution|Legal Aid|Youth Justice)\b/.test(title)) return 'justice';
  if (TRANSPORT.test(title)) return 'transport';
  if (/\bNHS\b|Health Security|Health Research Authority|Blood and Transplant/.test(title)) return 'nhs';
  if (/Ministerial department|Non-ministerial department|Executive agency|Devolved government|Executive office|Civil service|register/.test(format)) return 'central_government';
  return 'other_public';
}

export function okfnSector(tags: string[]): Sector | null {
  const has = (t: string): boolean => tags.includes(t);
  if (has('parish_council') || has('town_council') || has('school') || has('company') || has('pct')) return null;
  if (has('police')) return 'police';
  if (has('health_board') || has('local_health_board') || has('nhsni') || has('nhswales') || has('nhstrust') || has('nhsft')) return 'nhs';
  if (has('university') || has('university_college') || has('hei')) return 'education';
  if (has('public_regulatory') || has('ombudsman')) return 'regulator';
  if (has('department') || has('executive_agency') || has('non_ministerial_department')) return 'central_government';
  if (has('fire_service') || has('museum') || has('npa')) return 'other_public';
  return null;
}

/** Abbreviations shorter than 3 letters, or ones that are ordinary words, would match everywhere. */
const UNSAFE = new Set([
  'ago', 'aria', 'cat', 'cap', 'cop', 'arc', 'nest', 'post', 'art', 'act', 'ace', 'sea', 'fish', 'met', 'mod', 'tra', 'sda',
  'gpa', 'ipo', 'ons', 'ngo', 'com', 'ice', 'gem', 'mac', 'ifr', 'icr', 'bsi', 'esc', 'ira', 'oft', 'cst', 'the', 'and', 'nhs', 'uk', 'ico', 'ncsc', 'hse', 'was', 'bar', 'ban', 'aim', 'ask', 'cab', 'care',
  // Shared by several bodies or firms (National Records of Scotland, NRS Healthcare), or an ordinary word.
  'nrs', 'statistics', 'mmo', 'rpg', 'fps', 'ceo', 'cfo', 'cto', 'hr', 'pr', 'ai', 'api', 'app', 'sms', 'gdpr', 'vpn',
]);

export function keepAbbreviation(abbr: string, title: string): boolean {
  if (!abbr || abbr === title || abbr.length < 3 || abbr.length > 40) return false;
  if (UNSAFE.has(abbr.toLowerCase())) return false;
  if (/^(The|An?)\s/i.test(abbr) && abbr.split(/\s+/).length <= 2) return false;
  return true;
}
