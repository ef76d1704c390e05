// The console sink: alerts as plain text on stdout. Used when no Slack or Discord token is set,
// in DRY_RUN mode, and by the demo.
import { factLines, headline } from '../../src/alerts/describe.ts';
import type { NoticeRequest, SendRequest, Sink } from '../../src/alerts/sink.ts';
import { noticeText, sourceCount, type AlertPayload, type NoticePayload } from '../../src/domain/delivery.ts';

/** Control characters (except newline) are dropped so feed text cannot move the cursor or clear the screen. */
export const clean = (text: string): string => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');

export function renderAlertText(payload: AlertPayload): string {
  const { incident } = payload;
  const lines: string[] = [];
  if (payload.kind === 'alert') {
    lines.push(`🚨 ${headline(incident)}  [${incident.id}]`);
    for (const { label, value } of factLines(incident)) lines.push(`   ${`${label}:`.padEnd(18)}${value}`);
    lines.push('   Sources:');
    for (const a of incident.articles) lines.push(`     - ${a.outlet ?? 'Unknown outlet'}: ${a.title}${a.url ? ` <${a.url}>` : ''}`);
    if (incident.moreSources) lines.push(`     …and ${incident.moreSources} more`);
    lines.push(`   Why: ${incident.reasons.join(' ')}`);
  } else {
    lines.push(`↳ Update to ${incident.id} (${headline(incident)})`);
    if (payload.source) lines.push(`   New source: ${payload.source.outlet ?? 'Unknown outlet'}: ${payload.source.title}${payload.source.url ? ` <${payload.source.url}>` : ''}`);
    if (payload.factChanges.length === 0) lines.push('   No new facts; sources list updated.');
    for (const change of payload.factChanges) lines.push(`   Changed: ${change}`);
    lines.push(`   Sources now: ${sourceCount(incident)}`);
  }
  return clean(lines.join('\n'));
}

export function renderNoticeText(notice: NoticePayload): string {
  const icon = notice.topic === 'feed_recovered' ? '✅' : '⚠️';
  const body = noticeText(notice, 'console').split('\n').map((line) => `   ${line}`);
  return clean([`${icon} ${notice.title}`, ...body].join('\n'));
}

export function createConsoleSink(write: (text: string) => void = (text) => process.stdout.write(`${text}\n\n`)): Sink {
  return {
    name: 'console',
    async send(request: SendRequest) {
      write(renderAlertText(request.payload));
      return { messageRef: `console-${request.entryId}` };
    },
    async sendNotice(request: NoticeRequest) {
      write(renderNoticeText(request.notice));
      return { messageRef: `console-${request.entryId}` };
    },
  };
}
