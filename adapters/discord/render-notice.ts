// Admin notices (a feed keeps failing, a feed works again, a destination keeps failing) as one small embed; all text is escaped and
// defused, and allowed_mentions is empty, so nothing in a feed name, URL or error can ping anyone.
import type { APIEmbed } from 'discord.js';
import { noticeAbout, noticeText, type NoticePayload } from '../../src/domain/delivery.ts';
import { DISCORD_LIMITS, markdownText, plainText } from './discord-text.ts';
import type { DiscordMessageBody } from './render-alert.ts';

const COLOURS: Readonly<Record<NoticePayload['topic'], number>> = { feed_failing: 0xe67e22, feed_recovered: 0x2ecc71, destination_failing: 0xe74c3c };
const ICONS: Readonly<Record<NoticePayload['topic'], string>> = { feed_failing: '⚠️', feed_recovered: '✅', destination_failing: '⚠️' };

export function renderNoticeMessage(notice: NoticePayload): DiscordMessageBody {
  const embed: APIEmbed = {
    title: markdownText(`${ICONS[notice.topic]} ${notice.title}`, DISCORD_LIMITS.title),
    description: markdownText(noticeText(notice, 'chat'), DISCORD_LIMITS.description),
    color: COLOURS[notice.topic],
    footer: { text: plainText(`${noticeAbout(notice)} · breachwatch admin notice`, DISCORD_LIMITS.footer) },
  };
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}
