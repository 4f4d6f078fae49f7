import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { conversationEvents, conversationId } from './utils/read-side-data.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-01-02T00:00:00.000Z';

describe('GET /exports', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url, GRAPHQL_INTROSPECTION: 'false' });
    for (let n = 0; n < 2; n++)
      for (const e of conversationEvents(n)) await sut.postEvent(e).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const get = (path: string, key: keyof typeof KEYS = 'agent') =>
    sut.http().get(path).set('Authorization', `Bearer ${KEYS[key].secret}`);

  describe('conversations/:id', () => {
    it.each([
      ['json', 'application/json; charset=utf-8'],
      ['csv', 'text/csv; charset=utf-8'],
      ['txt', 'text/plain; charset=utf-8'],
      ['pdf', 'application/pdf'],
    ])('should answer %s with Content-Type %s when asked', async (format, type) => {
      const res = await get(
        `/exports/conversations/${conversationId(0)}?view=agent&format=${format}`,
      )
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      const body = res.body as Buffer;
      if (format === 'pdf') expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });

    it('should read like a transcript with marked whispers when the format is txt', async () => {
      const res = await get(
        `/exports/conversations/${conversationId(0)}?view=agent&format=txt`,
      ).expect(200);
      const lines = res.text.split('\n');
      expect(lines.slice(0, 4)).toEqual([
        `Conversation: ${conversationId(0)}`,
        'Channel: Amna-Web (WEB, 6932b17e3f19753775b74490)',
        'Customer: 1212 (694130729b2330ed2d0a3ea0)',
        'Participants: raza (AGENT), Conversation Bot (BOT), 1212 (CUSTOMER), Hidden Consultant (AGENT)',
      ]);
      expect(lines).toContain(
        '[2026-01-01T00:00:30.000Z] raza (AGENT) [WHISPER - agents only]: SECRET-WHISPER-A 0',
      );
      expect(lines).toContain(
        '[2026-01-01T00:00:10.000Z] 1212 (CUSTOMER): Customer asks question 0',
      );
    });

    it('should give a parseable JSON document in transcript order when the format is json', async () => {
      const res = await get(
        `/exports/conversations/${conversationId(1)}?view=customer&format=json`,
      ).expect(200);
      const doc = JSON.parse(res.text) as {
        conversation: { id: string };
        messages: { messageId: string }[];
      };
      expect(doc.conversation.id).toBe(conversationId(1));
      expect(doc.messages.map((m) => m.messageId)).toEqual([
        'customer-msg-1',
        'bot-msg-1',
        'agent-msg-1',
      ]);
    });

    it('should answer 404 when the conversation is unknown', async () => {
      const res = await get('/exports/conversations/nope?view=agent&format=json').expect(404);
      expect(res.body.message).toBe('Unknown conversation nope');
    });

    it.each([
      ['an unknown format', 'view=agent&format=xml'],
      ['an unknown view', 'view=everyone&format=json'],
      ['no view', 'format=json'],
      ['an extra parameter', 'view=agent&format=json&x=1'],
    ])('should answer 400 when the query has %s', async (_label, query) => {
      await get(`/exports/conversations/${conversationId(0)}?${query}`).expect(400);
    });

    it('should answer 401 without a key and 403 for a key without a transcripts scope', async () => {
      await sut
        .http()
        .get(`/exports/conversations/${conversationId(0)}?view=customer&format=json`)
        .expect(401);
      await get(
        `/exports/conversations/${conversationId(0)}?view=customer&format=json`,
        'reports',
      ).expect(403);
    });
  });

  describe('transcripts', () => {
    it('should give every message of every conversation in the range, conversation by conversation, as ndjson', async () => {
      const res = await get(
        `/exports/transcripts?from=${FROM}&to=${TO}&view=customer&format=ndjson`,
      ).expect(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const lines = res.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { conversationId: string; messageId: string });
      expect(lines.map((l) => `${l.conversationId} ${l.messageId}`)).toEqual([
        'conv-0000 customer-msg-0',
        'conv-0000 bot-msg-0',
        'conv-0000 agent-msg-0',
        'conv-0001 customer-msg-1',
        'conv-0001 bot-msg-1',
        'conv-0001 agent-msg-1',
      ]);
    });

    it('should give a header row and one row per message as csv', async () => {
      const res = await get(
        `/exports/transcripts?from=${FROM}&to=${TO}&view=agent&format=csv`,
      ).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const rows = res.text.trim().split('\n');
      expect(rows[0]).toBe(
        'conversationId,messageId,eventId,timestamp,eventName,senderId,senderName,senderType,type,visibility,text,erased',
      );
      expect(rows).toHaveLength(1 + 5 + 5);
    });

    it('should give an empty export when no conversation has activity in the range', async () => {
      const res = await get(
        '/exports/transcripts?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z&view=agent&format=ndjson',
      ).expect(200);
      expect(res.text).toBe('');
    });

    it.each([
      ['from after to', `from=${TO}&to=${FROM}&view=agent&format=csv`],
      ['a bad date', `from=yesterday&to=${TO}&view=agent&format=csv`],
      ['no to', `from=${FROM}&view=agent&format=csv`],
      ['a per-conversation format', `from=${FROM}&to=${TO}&view=agent&format=pdf`],
    ])('should answer 400 when the query has %s', async (_label, query) => {
      await get(`/exports/transcripts?${query}`).expect(400);
    });
  });

  describe('GraphQL introspection', () => {
    it('should be refused when GRAPHQL_INTROSPECTION is false', async () => {
      const res = await sut.graphql('{ __schema { queryType { name } } }');
      expect(res.body.errors?.[0].message).toMatch(/introspection/i);
    });
  });
});
