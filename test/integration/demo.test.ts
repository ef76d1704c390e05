// The demo through the real pipeline: loopback feed server, HTTP fetch, feed reader, classify,
// cluster, SQLite, outbox and the real console sink.
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleSink } from '../../adapters/console/console-sink.ts';
import { demo } from '../../src/demo/run-demo.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { realClassifier } from '../helpers/classifier.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('prints exactly three alerts and two updates for the five sample articles', async () => {
    const chunks: string[] = [];
    const out = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
    const summary = await demo({ root: ROOT, classify: realClassifier(), makeSink: createConsoleSink, out, log: silentLogger() });
    const text = chunks.join('');
    expect(summary.alerts).toBe(3);
    expect(summary.updates).toBe(2);
    // Round 0: the first poll keeps the older, unrelated items (recorded between polls) and posts nothing.
    expect(summary.reports[0]).toMatchObject({ incidentsCreated: 0, firstPolls: { feeds: 5, items: 10 } });
    expect(text).toContain('first poll: 10 existing item(s) recorded between polls, not posted');

    const alerts = text.split('\n\n').filter((block) => block.startsWith('🚨'));
    expect(alerts).toHaveLength(3);
    const met = alerts.find((a) => a.includes('Data breach at Metropolitan Police Service'));
    const kensington = alerts.find((a) => a.includes('Kensington and Chelsea'));
    const mopac = alerts.find((a) => a.includes("Mayor's Office for Policing and Crime"));
    expect(met).toBeDefined();
    expect(kensington).toBeDefined();
    expect(mopac).toMatch(/People affected:\s+394/);
    expect(mopac).toMatch(/Regulator action:\s+ICO reprimand/);
    for (const alert of alerts) {
      for (const label of ['Organisation:', 'People affected:', 'Data exposed:', 'Cause:', 'Regulator action:', 'Sources:', 'Why:']) {
        expect(alert).toContain(label);
      }
    }
    const updates = text.split('\n\n').filter((block) => block.startsWith('↳'));
    expect(updates.every((u) => u.includes('Metropolitan Police Service'))).toBe(true);
    expect(updates[0]).toContain('People affected: unknown → 47,000');
  });
});
