import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { RebuildService } from '../src/audit/rebuild.service.js';
import { contentHash } from '../src/domain/canonical-json.js';
import { chainHash, GENESIS_HASH } from '../src/storage/legacy-format.js';
import { applyMigrations, readMigrations } from '../src/storage/migrations.js';
import { AGENT_1, AGENT_2, CONNECTOR, ConversationBuilder } from './utils/cim-builder.js';
import { createTestDatabase, sessionOf, withAdmin, type TestDatabase } from './utils/database.js';
import { FIXTURE_NAMES, loadFixture } from './utils/fixtures.js';
import { splitPayload, withoutIdentity } from './utils/legacy-writer.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

/** The last migration of audit format 1: a store as the service left it before format 2. */
const LAST_FORMAT_1 = '20261126010000_static_upserts';
type Json = Record<string, any>;

const built = new ConversationBuilder('upgrade-conv', 1_765_500_000_000);
const CONVERSATIONS: Json[][] = [
  FIXTURE_NAMES.map((name) => loadFixture(name) as Json),
  [
    built.sessionEvent('up-1', 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
    built.text('up-2', 'CUSTOMER_MESSAGE', 1, CONNECTOR, 'Where is my parcel? 📦 مرحبا'),
    built.agentEvent('up-3', 'AGENT_SUBSCRIBED', 2, AGENT_1, 'PRIMARY'),
    built.text('up-4', 'AGENT_MESSAGE', 3, AGENT_1, 'On its way'),
    built.agentEvent('up-5', 'AGENT_SUBSCRIBED', 4, AGENT_2, 'ASSISTANT'),
    built.text('up-6', 'WHISPER_MESSAGE', 5, AGENT_2, 'upgrade whisper'),
  ],
];

/** Writes events as the format-1 service did: canonical content hash, seq chain, split payload. */
async function writeFormat1(client: pg.Client, events: Json[]): Promise<void> {
  const conversationId = events[0].conversationId as string;
  let previous = GENESIS_HASH;
  let seq = 0;
  for (const event of events) {
    seq += 1;
    const receivedAt = new Date(1_766_000_000_000 + seq * 1000);
    const hash = contentHash(event);
    const chain = chainHash(previous, {
      conversationId,
      seq,
      eventId: event.id,
      receivedAt,
      contentHash: hash,
    });
    const split = splitPayload(event);
    for (const part of split.pieces) {
      await client.query(
        `INSERT INTO payload_parts (hash, content, parts) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [part.hash, JSON.stringify(part.content), part.parts ? JSON.stringify(part.parts) : null],
      );
    }
    await client.query(
      `INSERT INTO events (conversation_id, id, seq, name, "timestamp", received_at, content_hash, chain_hash, payload, parts_ref)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        conversationId,
        event.id,
        seq,
        event.name,
        new Date(event.timestamp),
        receivedAt,
        hash,
        chain,
        JSON.stringify(withoutIdentity(split.payload)),
        split.envelope,
      ],
    );
    previous = chain;
  }
  await client.query(`INSERT INTO audit_chains (conversation_id, seq, head) VALUES ($1, $2, $3)`, [
    conversationId,
    seq,
    previous,
  ]);
}

describe('Upgrading a format-1 store in place', () => {
  let db: TestDatabase;
  let sut: TestApp;

  const verify = async (id: string) =>
    (
      await sut.graphql(
        'query ($id: ID!) { verifyAuditLog(conversationId: $id) { ok checkedEvents firstBrokenEventId } }',
        { id },
        'audit',
      )
    ).body.data.verifyAuditLog;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    const migrations = await readMigrations('prisma/migrations');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await applyMigrations(
        sessionOf(client),
        migrations.filter((m) => m.name <= LAST_FORMAT_1),
      );
      for (const events of CONVERSATIONS) await writeFormat1(client, events);
    } finally {
      await client.end();
    }
    // The service's start applies the rest.
    sut = await createTestApp({ DATABASE_URL: db.url, MAX_EVENT_BYTES: '65536' });
  }, 60_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should migrate every format-1 event, each saying so, and verify every conversation', async () => {
    const formats = await withAdmin(
      async (c) =>
        (await c.query('SELECT format, count(*)::int AS n FROM events GROUP BY format')).rows,
      db.url,
    );
    expect(formats).toEqual([{ format: 1, n: CONVERSATIONS.flat().length }]);
    for (const events of CONVERSATIONS) {
      expect(await verify(events[0].conversationId)).toEqual({
        ok: true,
        checkedEvents: events.length,
        firstBrokenEventId: null,
      });
    }
  });

  it('should give back every format-1 event as it was received (originalEvent equality)', async () => {
    for (const event of CONVERSATIONS.flat())
      expect(await sut.originalEvent(event.id)).toEqual(event);
  });

  it('should still detect an edit of a format-1 event', async () => {
    const id = CONVERSATIONS[1][3].id as string;
    await withAdmin(
      (c) =>
        c.query(
          `UPDATE events SET legacy_payload = jsonb_set(legacy_payload, '{type}', '"EDITED"') WHERE id = cim_id($1)`,
          [id],
        ),
      db.url,
    );
    try {
      expect(await verify('upgrade-conv')).toMatchObject({ ok: false, firstBrokenEventId: id });
    } finally {
      await withAdmin(
        (c) =>
          c.query(
            `UPDATE events SET legacy_payload = jsonb_set(legacy_payload, '{type}', '"MESSAGE"') WHERE id = cim_id($1)`,
            [id],
          ),
        db.url,
      );
    }
    expect((await verify('upgrade-conv')).ok).toBe(true);
  });

  it('should rebuild the read side from the upgraded log, and chain new format-2 events after the old ones', async () => {
    await sut.app.get(RebuildService).rebuild();
    const agent = await sut.graphql(TRANSCRIPT_QUERY, { id: 'upgrade-conv', view: 'AGENT' });
    expect(agent.body.data.transcript.messages.map((m: Json) => m.text)).toEqual([
      'Where is my parcel? 📦 مرحبا',
      'On its way',
      'upgrade whisper',
    ]);
    const customer = await sut.graphql(TRANSCRIPT_QUERY, { id: 'upgrade-conv', view: 'CUSTOMER' });
    expect(JSON.stringify(customer.body)).not.toContain('upgrade whisper');

    const next = built.text('up-7', 'AGENT_MESSAGE', 6, AGENT_1, 'Delivered today');
    await sut.postEvent(next).expect(201);
    await sut.postEvent(CONVERSATIONS[1][1]).expect(200);
    expect(await verify('upgrade-conv')).toEqual({
      ok: true,
      checkedEvents: CONVERSATIONS[1].length + 1,
      firstBrokenEventId: null,
    });
    expect(await sut.originalEvent('up-7')).toEqual(next);
  });

  it('should erase an upgraded conversation (format-1 payloads sealed by their hash) and still verify it', async () => {
    const erased = await sut.graphql(
      'mutation { eraseConversation(conversationId: "upgrade-conv", reason: "test") { erasedEvents } }',
      {},
      'eraser',
    );
    expect(erased.body.errors).toBeUndefined();
    expect(erased.body.data.eraseConversation.erasedEvents).toBe(CONVERSATIONS[1].length + 1);
    expect((await verify('upgrade-conv')).ok).toBe(true);
    const original = (await sut.originalEvent('up-2')) as Json;
    expect(original).toEqual({
      id: 'up-2',
      name: 'CUSTOMER_MESSAGE',
      conversationId: 'upgrade-conv',
      timestamp: CONVERSATIONS[1][1].timestamp,
      $erased: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const dump = JSON.stringify(
      await withAdmin(
        async (c) =>
          (await c.query(`SELECT * FROM legacy_payload_parts, events WHERE events.format = 1`))
            .rows,
        db.url,
      ),
    );
    expect(dump).not.toContain('Where is my parcel');
    // The other conversation's format-1 events are untouched.
    for (const event of CONVERSATIONS[0]) expect(await sut.originalEvent(event.id)).toEqual(event);
  });
});
