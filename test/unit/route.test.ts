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

  it('holds back incidents scored below a destination\'s minScore (issue 17 point 6), and keeps its best article\'s score', () => {
    const unsure = newIncident(makeArticle({ title: 'Trust says sorry after letter error' }), makeClassification({ organisation: 'unnamed NHS body', sector: 'nhs', score: 0.62 }));
    expect(unsure.score).toBe(0.62);
    const routes = [
      { sink: 'slack', channel: 'IG', filters: { minScore: 0.8 } },
      { sink: 'slack', channel: 'NEWS' },
    ];
    expect(destinationsFor(unsure, routes)).toEqual(['slack:NEWS']);
    expect(destinationsFor({ ...unsure, score: 0.91 }, routes)).toEqual(['slack:IG', 'slack:NEWS']);
    // Stored before scores were kept: not held back.
    expect(destinationsFor({ ...unsure, score: null }, routes)).toEqual(['slack:IG', 'slack:NEWS']);
  });

  it('round-trips destination keys', () => {
    expect(destinationKey({ sink: 'slack', channel: 'C1' })).toBe('slack:C1');
    expect(parseDestinationKey('slack:C1')).toEqual({ sink: 'slack', channel: 'C1' });
    expect(parseDestinationKey('console')).toEqual({ sink: 'console', channel: null });
  });
});
