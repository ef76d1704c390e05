// The contract for finding incidents by organisation (IncidentStore.findIncidents) as incidents change:
// an index a store keeps beside the incidents (SQLite: incident_organisations, migration 012) must follow
// every write, merge and correction. Every Store runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/ports.ts';
import type { MakeStore } from './store-contract.ts';
import { isoAt, makeCommit, makeIncident } from './store-fixtures.ts';

const COUNCIL = 'Exampleshire County Council';
const POLICE = 'Exampleshire Police';
const TRUST = 'Example NHS Trust';

export function describeIncidentLookupContract(name: string, makeStore: MakeStore): void {
  describe(`Incident lookup contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const commit = (key: string, incident: Incident, absorbed: string[] = []) =>
      store.commitArticle({ ...makeCommit({ key, incident, destinations: [] }), absorbed });
    const find = async (organisations: string[], since = isoAt(-60)) => ids(await store.findIncidents({ organisations, since }));

    it('finds an incident by its other organisations as well as its own, once, newest first', async () => {
      await commit('a', makeIncident({ id: 'joint', otherOrganisations: [POLICE, TRUST], lastSeen: isoAt(5) }));
      await commit('b', makeIncident({ id: 'police', organisation: POLICE, sector: 'police', lastSeen: isoAt(3) }));
      await commit('c', makeIncident({ id: 'council', lastSeen: isoAt(5) }));
      expect(await find([POLICE])).toEqual(['joint', 'police']);
      expect(await find([TRUST])).toEqual(['joint']);
      // Equal last-seen times are ordered by id; an incident named twice comes back once.
      expect(await find([COUNCIL, POLICE, TRUST])).toEqual(['council', 'joint', 'police']);
    });

    it('no longer finds an absorbed incident under its own organisations', async () => {
      await commit('a', makeIncident({ id: 'keep' }));
      await commit('b', makeIncident({ id: 'gone', otherOrganisations: [POLICE], lastSeen: isoAt(2) }));
      expect(await find([POLICE])).toEqual(['gone']);
      await commit('c', makeIncident({ id: 'keep', lastSeen: isoAt(4), mergedFrom: ['gone'] }), ['gone']);
      expect(await find([POLICE])).toEqual([]);
      expect(await find([COUNCIL])).toEqual(['keep']);
    });

    it('no longer finds an updated incident under an organisation it lost', async () => {
      await commit('a', makeIncident({ id: 'i-1', otherOrganisations: [TRUST] }));
      const renamed = makeIncident({ id: 'i-1', organisation: POLICE, sector: 'police', otherOrganisations: [], lastSeen: isoAt(1) });
      await commit('b', renamed);
      expect(await find([COUNCIL])).toEqual([]);
      expect(await find([TRUST])).toEqual([]);
      expect(await store.findIncidents({ organisations: [POLICE], since: isoAt(-60) })).toEqual([renamed]);
    });

    it('follows admin corrections: a rewritten organisation, an absorbed incident', async () => {
      await commit('a', makeIncident({ id: 'bw-a' }));
      await commit('b', makeIncident({ id: 'bw-b', otherOrganisations: [TRUST] }));
      await store.applyCorrection({
        upsert: [makeIncident({ id: 'bw-a', organisation: POLICE, status: 'not_breach' })],
        absorbed: [{ from: 'bw-b', into: 'bw-a' }],
        moveArticles: [],
        outbox: [],
        at: isoAt(10),
      });
      expect(await find([COUNCIL])).toEqual([]);
      expect(await find([TRUST])).toEqual([]);
      // Marked not a breach, it is still found, so that later reports join it quietly.
      expect(await find([POLICE])).toEqual(['bw-a']);
    });

    it('bounds by last seen, inclusive, as the incident is updated', async () => {
      await commit('a', makeIncident({ id: 'i-1', otherOrganisations: [POLICE], lastSeen: isoAt(10) }));
      expect(await find([COUNCIL], isoAt(10))).toEqual(['i-1']);
      expect(await find([POLICE], isoAt(10))).toEqual(['i-1']);
      expect(await find([COUNCIL], isoAt(11))).toEqual([]);
      await commit('b', makeIncident({ id: 'i-1', otherOrganisations: [POLICE], lastSeen: isoAt(50) }));
      expect(await find([COUNCIL], isoAt(50))).toEqual(['i-1']);
      expect(await find([POLICE], isoAt(50))).toEqual(['i-1']);
      expect(await find([POLICE], isoAt(51))).toEqual([]);
    });
  });
}

function ids(incidents: readonly Incident[]): string[] {
  return incidents.map((incident) => incident.id);
}
