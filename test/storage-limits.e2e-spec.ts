import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { eventFrom } from './utils/fixtures.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

type Mutate = (e: Record<string, any>) => void;
const LONG = 'x'.repeat(3000);

/**
 * Values that reach an indexed or typed column, past what that column holds: each answered 500 before
 * the validator knew the storage's limits ([field path the 400 must name, fixture, change]).
 */
const BEYOND_STORAGE: [string, string, Mutate][] = [
  ['data.header.sender.id', 'WHISPER_MESSAGE', (e) => (e.data.header.sender.id = LONG)],
  ['channelSession.id', 'WHISPER_MESSAGE', (e) => (e.channelSession.id = LONG)],
  ['channelSession.channel.id', 'WHISPER_MESSAGE', (e) => (e.channelSession.channel.id = LONG)],
  [
    'channelSession.customer._id',
    'CUSTOMER_MESSAGE',
    (e) => (e.channelSession.customer._id = LONG),
  ],
  [
    'data.agentParticipant.participant.keycloakUser.id',
    'AGENT_SUBSCRIBED',
    (e) => (e.data.agentParticipant.participant.keycloakUser.id = LONG),
  ],
  ['data.channel.id', 'CHANNEL_SESSION_STARTED', (e) => (e.data.channel.id = LONG)],
  ['data.id', 'CHANNEL_SESSION_STARTED', (e) => (e.data.id = LONG)],
  ['timestamp', 'WHISPER_MESSAGE', (e) => (e.timestamp = 8640000000000001)],
  ['timestamp', 'WHISPER_MESSAGE', (e) => (e.timestamp = 9007199254740991)],
  ['timestamp', 'WHISPER_MESSAGE', (e) => (e.timestamp = 253402300800000)],
  ['timestamp', 'WHISPER_MESSAGE', (e) => (e.timestamp = 8640000000000000)],
  ['data.header.timestamp', 'WHISPER_MESSAGE', (e) => (e.data.header.timestamp = 253402300800000)],
  ['data.header.timestamp', 'WHISPER_MESSAGE', (e) => (e.data.header.timestamp = -1)],
  ['data.header.timestamp', 'WHISPER_MESSAGE', (e) => (e.data.header.timestamp = 1.5)],
  ['data.header.sender.id', 'WHISPER_MESSAGE', (e) => (e.data.header.sender.id = '')],
];

describe('values beyond what the storage holds', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it.each(BEYOND_STORAGE)(
    'should answer 400 naming %s when a %s event takes it beyond the storage',
    async (path, fixture, mutate) => {
      const event = eventFrom(fixture, (e) => {
        e.id = randomUUID();
        mutate(e);
      });
      const res = await sut.postEvent(event).expect(400);
      expect(res.body.problems).toEqual([expect.stringMatching(new RegExp(`^${esc(path)} must`))]);
    },
  );

  it('should accept the last millisecond of year 9999 in every epoch field', async () => {
    const event = eventFrom('WHISPER_MESSAGE', (e) => {
      e.id = randomUUID();
      e.conversationId = `limits-${randomUUID()}`;
      e.timestamp = 253402300799999;
      e.data.header.timestamp = 253402300799999;
    });
    await sut.postEvent(event).expect(201);
    const { body } = await sut.graphql(TRANSCRIPT_QUERY, {
      id: event.conversationId,
      view: 'AGENT',
    });
    expect(body.data.transcript.messages[0].timestamp).toBe('9999-12-31T23:59:59.999Z');
  });

  it('should accept an id of exactly 200 characters where one is stored', async () => {
    const event = eventFrom('WHISPER_MESSAGE', (e) => {
      e.id = randomUUID();
      e.data.header.sender.id = 's'.repeat(200);
    });
    await sut.postEvent(event).expect(201);
  });

  describe('decoded message text', () => {
    it.each([
      ['a NUL once decoded', 'YQBi', 'a\uFFFDb'],
      ['only a NUL', 'AA==', '\uFFFD'],
      // Node's decoder skips characters outside the alphabet: the rest decodes to invalid UTF-8.
      ['invalid base64', '!!!not base64!!!', '\uFFFD\uFFFD[j\u01FA'],
      ['nothing decodable', '%%%%', ''],
    ])(
      'should keep the event exactly and store the text with U+FFFD when %s',
      async (_case, markdownText, text) => {
        const event = eventFrom('CUSTOMER_MESSAGE', (e) => {
          e.id = randomUUID();
          e.conversationId = `decoded-${randomUUID()}`;
          e.data.id = randomUUID();
          e.data.header.additionalData = { isEncoded: true };
          e.data.body.markdownText = markdownText;
        });
        await sut.postEvent(event).expect(201);
        expect(await sut.originalEvent(event.id)).toEqual(event);
        const { body } = await sut.graphql(TRANSCRIPT_QUERY, {
          id: event.conversationId,
          view: 'CUSTOMER',
        });
        expect(body.data.transcript.messages.map((m: { text: string }) => m.text)).toEqual([text]);
      },
    );
  });

  it('should have stored none of the refused events, and still serve', async () => {
    const ids = await withAdmin(
      async (c) => (await c.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number,
      db.url,
    );
    // The year-9999 event, the 200-character sender and the four decoded texts.
    expect(ids).toBe(6);
    await sut.http().get('/health/ready').expect(200);
  });
});

function esc(text: string): string {
  return text.replace(/[.[\]]/g, '\\$&');
}
