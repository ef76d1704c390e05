// Words for an incident's facts, shared by every renderer so all platforms say the same thing.
import type { Cause, Incident, Sector } from '../domain/types.ts';
import { formatCount } from '../domain/text-order.ts';

const SECTOR_LABELS: Record<Sector, string> = {
  police: 'Police',
  council: 'Local government',
  nhs: 'NHS / health',
  central_government: 'Central government',
  education: 'Education',
  justice: 'Courts and justice',
  transport: 'Transport',
  regulator: 'Regulator',
  other_public: 'Other public body',
};

const CAUSE_LABELS: Record<Cause, string> = {
  cyber_attack: 'Cyber attack',
  ransomware: 'Ransomware',
  human_error: 'Human error',
  misconfiguration: 'Misconfiguration',
  insider: 'Insider misuse',
  loss_theft: 'Loss or theft',
  supplier: 'Supplier breach',
};

export const sectorLabel = (sector: Sector | null): string => (sector ? SECTOR_LABELS[sector] : 'Unknown sector');
export const causeLabel = (cause: Cause | null): string => (cause ? CAUSE_LABELS[cause] : 'Not yet reported');

export function affectedLabel(affected: number | null): string {
  return affected === null ? 'Not yet reported' : formatCount(affected);
}

/** The count, and every other figure reported when reports disagree: conflicts are shown, not hidden. */
export function affectedWithConflicts(incident: Pick<Incident, 'affected' | 'affectedReported'>): string {
  const others = (incident.affectedReported ?? []).filter((n) => n !== incident.affected);
  if (others.length === 0) return affectedLabel(incident.affected);
  return `${affectedLabel(incident.affected)} (other reports: ${others.map(formatCount).join(', ')})`;
}

export function headline(incident: Incident): string {
  return `Data breach at ${incident.organisation}`;
}

/** The facts as label/value pairs, in the order every renderer shows them. */
export function factLines(incident: Incident): Array<{ label: string; value: string }> {
  const org = [incident.organisation, ...incident.otherOrganisations].join(' and ');
  return [
    { label: 'Organisation', value: `${org} (${sectorLabel(incident.sector)})` },
    ...(incident.supplier ? [{ label: 'Supplier', value: incident.supplier }] : []),
    { label: 'People affected', value: affectedWithConflicts(incident) },
    { label: 'Data exposed', value: incident.dataTypes.length > 0 ? incident.dataTypes.join(', ') : 'Not yet reported' },
    { label: 'Cause', value: causeLabel(incident.cause) },
    { label: 'Regulator action', value: incident.regulatorAction ?? 'None known' },
    { label: 'First seen', value: incident.firstSeen.slice(0, 10) },
  ];
}
