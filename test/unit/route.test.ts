import { describe, expect, it } from 'vitest';
import { destinationKey, destinationsFor, parseDestinationKey } from '../../src/alerts/route.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const incident = newIncident(makeArticle({ title: 'NHS trust hit by ransomware' }), makeClassification({ organisation: 'Example NHS Trust', sector: 'nhs', affected: 1200 }));

describe('routing', () => {
  it('filters by sector, size and keywords', () => {
    const routes = [
      { sink: 'slack', channel: 'C1', filters: { sectors: ['nhs' as const] } },
      { sink: 'slack', channel: 'C2', filters: { sectors: ['police' as const] } },
      { sink: 'discord', channel: '9', filters: { minAffected: 5000 } },
      { sink: 'console', filters: { keywords: ['ransomware'] } },
      { sink: 'console' },
    ];
    expect(destinationsFor(incident, routes)).toEqual(['slack:C1', 'console']);
  });
  it('filters by the region of the breached body', () => {
    const london = { ...incident, region: 'London' };
    expect(destinationsFor(london, [{ sink: 'slack', channel: 'C1', filters: { regions: ['london'] } }, { sink: 'slack', channel: 'C2', filters: { regions: ['Wales'] } }])).toEqual(['slack:C1']);
    expect(destinationsFor({ ...incident, region: null }, [{ sink: 'slack', channel: 'C1', filters: { regions: ['London'] } }])).toEqual([]);
  });

  it('round-trips destination keys', () => {
    expect(destinationKey({ sink: 'slack', channel: 'C1' })).toBe('slack:C1');
    expect(parseDestinationKey('slack:C1')).toEqual({ sink: 'slack', channel: 'C1' });
    expect(parseDestinationKey('console')).toEqual({ sink: 'console', channel: null });
  });
});
