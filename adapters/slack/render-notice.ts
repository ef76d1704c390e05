// Admin notices (a feed keeps failing, a feed works again) as one plain section: every piece of text
// is escaped, so a feed name, URL or error message cannot mention anyone or hide a link.
import { noticeText, type NoticePayload } from '../../src/domain/delivery.ts';
import { section, type SlackMessage } from './render-alert.ts';
import { SLACK_LIMITS, mrkdwn, oneLine } from './slack-text.ts';

const ICONS: Readonly<Record<NoticePayload['topic'], string>> = { feed_failing: '⚠️', feed_recovered: '✅', destination_failing: '⚠️' };

export function renderNotice(notice: NoticePayload): SlackMessage {
  const title = `${ICONS[notice.topic]} ${oneLine(notice.title)}`;
  return {
    text: mrkdwn(title, 300),
    blocks: [section(mrkdwn(`${title}\n${noticeText(notice, 'chat')}`, SLACK_LIMITS.sectionText))],
  };
}
