// Chat replies as a terminal prints them (`breachwatch recent`, `show`, `stats`…): every block kind in
// plain text, one line per item, and no control characters from feed text.
import { describe, expect, it } from 'vitest';
import { renderReplyText } from '../../adapters/console/render-reply.ts';
import { makeIncident } from '../contract/store-fixtures.ts';

describe('renderReplyText', () => {
  it('prints the title, then each block: text, list, fields, incidents and search hits', () => {
    const incident = makeIncident({ id: 'bw-abc', articles: [{ url: 'https://news.example/1', title: 'Council\nhit', outlet: 'Example News', published: null }] });
    const text = renderReplyText({
      visibility: 'in_channel',
      title: 'A reply',
      blocks: [
        { kind: 'text', text: 'Some words.' },
        { kind: 'list', items: ['one', 'two\nlines'] },
        { kind: 'fields', fields: [{ label: 'Incidents', value: '3' }] },
        { kind: 'incident_list', incidents: [incident] },
        { kind: 'search_hits', hits: [{ title: 'A hit', url: null, outlet: 'Outlet', published: '2026-01-02T00:00:00Z', incidentId: 'bw-abc', snippet: 'the snippet' }] },
        { kind: 'incident', incident },
      ],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('A reply');
    expect(lines).toContain('Some words.');
    expect(lines).toContain('  - two lines');
    expect(lines).toContain(`  ${'Incidents:'.padEnd(32)}3`);
    expect(lines).toContain('  bw-abc  Data breach at Exampleshire County Council');
    expect(lines).toContain('    Example News: Council hit <https://news.example/1>');
    expect(lines).toContain('    Outlet · 2026-01-02 · incident bw-abc');
    expect(lines).toContain('  Data breach at Exampleshire County Council  [bw-abc]');
    expect(lines).toContain('    People affected:  1,200');
  });

  it('leaves out the generic title of an error and strips control characters', () => {
    const text = renderReplyText({ visibility: 'ephemeral', title: 'breachwatch', isError: true, blocks: [{ kind: 'text', text: 'No feed "\u001b[2Jx".' }] });
    expect(text).toBe('No feed "[2Jx".');
  });
});
