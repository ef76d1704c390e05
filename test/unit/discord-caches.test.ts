// The gateway client's caches (adapters/discord/discord-app.ts, ADR 026): the bot keeps servers and channels (its
// channel checks read them) and its own user; nothing of other users, messages and the like.
import { Client, GatewayIntentBits, LimitedCollection, type User } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clientCaches } from '../../adapters/discord/discord-app.ts';

describe('clientCaches', () => {
  it('keeps no other user, and every server and channel', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], makeCache: clientCaches() });
    try {
      expect(client.users.cache).toBeInstanceOf(LimitedCollection);
      expect((client.users.cache as LimitedCollection<string, unknown>).maxSize).toBe(0);
      expect(client.channels.cache).not.toBeInstanceOf(LimitedCollection);
      expect(client.guilds.cache).not.toBeInstanceOf(LimitedCollection);
      // Its own user alone is kept over the limit, once it is logged in.
      expect((client.users.cache as LimitedCollection<string, User>).keepOverLimit).toBeTypeOf('function');
    } finally {
      await client.destroy();
    }
  });
});
