import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/audit/audit.service.js';
import { RebuildService } from '../src/audit/rebuild.service.js';
import { ErasureRepository } from '../src/storage/erasure.repository.js';
import { AGENT_1, AGENT_2, BOT, CONNECTOR, ConversationBuilder, b64 } from './utils/cim-builder.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, type KeyName, type TestApp } from './utils/test-app.js';

/** Every personal value carries MARK and a field name; none of them may survive an erasure. */
const MARK = 'ZQXMARK';
const m = (field: string) => `${MARK}-${field}`;

type Json = Record<string, any>;

/** A conversation whose every personal field holds a marker, with every body type. */
function markedConversation(conversationId: string, customerId: string, start: number): Json[] {
  const c = new ConversationBuilder(conversationId, start);
  const customer = {
    _id: customerId,
    firstName: m(`${conversationId}-first`),
    lastName: m(`${conversationId}-last`),
    isAnonymous: false,
    phoneNumber: [m(`${conversationId}-phone`)],
    email: m(`${conversationId}-email`),
  };
  c.setCustomer(customer);
  const personalise = (event: Json): Json => {
    // Channel data rides in the envelope's channel session and in each message header.
    for (const holder of [
      event.channelSession,
      event.data?.header,
      event.data?.header?.channelSession,
    ]) {
      const channelData = holder?.channelData;
      if (!channelData) continue;
      channelData.channelCustomerIdentifier = m(`${conversationId}-cci`);
      channelData.customerFirstName = m(`${conversationId}-cd-first`);
      const form = channelData.additionalAttributes?.[0]?.value?.formData;
      if (form)
        form.attributes = [{ key: 'phone', type: 'string', value: m(`${conversationId}-form`) }];
    }
    return event;
  };
  const customerSender = { id: customerId, type: 'CUSTOMER', name: m(`${conversationId}-sender`) };
  const msg = (id: string, name: string, at: number, sender: typeof AGENT_1, body: Json) =>
    personalise(
      c.message({
        id: `${conversationId}-${id}`,
        dataId: `${conversationId}-${id}-msg`,
        name,
        at,
        sender,
        body,
        // base64 only where the text is base64
        encoded: body.markdownText !== m(`${conversationId}-plain`),
      }),
    );
  return [
    personalise(
      c.sessionEvent(`${conversationId}-s1`, 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
    ),
    msg('m01', 'CUSTOMER_MESSAGE', 1, CONNECTOR, {
      type: 'PLAIN',
      markdownText: b64(m(`${conversationId}-text`)),
    }),
    msg('m02', 'CUSTOMER_MESSAGE', 2, customerSender, {
      type: 'PLAIN',
      markdownText: m(`${conversationId}-plain`),
    }),
    personalise(c.agentEvent(`${conversationId}-a1`, 'AGENT_SUBSCRIBED', 3, AGENT_1, 'PRIMARY')),
    msg('m03', 'AGENT_MESSAGE', 4, AGENT_1, {
      type: 'IMAGE',
      caption: m(`${conversationId}-caption`),
      markdownText: null,
      attachment: {
        mediaUrl: `https://files.example/${m(`${conversationId}-url`)}.jpg`,
        mimeType: 'image/jpeg',
        size: 1200,
      },
    }),
    msg('m04', 'CUSTOMER_MESSAGE', 5, CONNECTOR, {
      type: 'FILE',
      markdownText: null,
      attachment: {
        mediaUrl: `https://f/${m(`${conversationId}-fileurl`)}`,
        mimeType: 'application/pdf',
        size: 5000,
        name: m(`${conversationId}-filename`),
      },
    }),
    msg('m05', 'BOT_MESSAGE', 6, BOT, {
      type: 'BUTTON',
      markdownText: b64(m(`${conversationId}-buttons`)),
      buttons: [{ title: m(`${conversationId}-button`), payload: 'TRACK', type: 'postback' }],
    }),
    msg('m06', 'CUSTOMER_MESSAGE', 7, CONNECTOR, {
      type: 'LOCATION',
      location: {
        latitude: 24.86,
        longitude: 67.01,
        name: m(`${conversationId}-place`),
        address: m(`${conversationId}-address`),
      },
    }),
    msg('m07', 'CUSTOMER_MESSAGE', 8, CONNECTOR, {
      type: 'CONTACT',
      contacts: [
        { name: m(`${conversationId}-contact`), phone: m(`${conversationId}-contactphone`) },
      ],
    }),
    personalise(c.agentEvent(`${conversationId}-a2`, 'AGENT_SUBSCRIBED', 9, AGENT_2, 'ASSISTANT')),
    msg('m08', 'WHISPER_MESSAGE', 10, AGENT_2, {
      type: 'PLAIN',
      markdownText: b64(m(`${conversationId}-whisper`)),
    }),
    personalise(
      c.notification(`${conversationId}-n1`, 'CONVERSATION_DATA_CHANGED', 11, {
        key: 'note',
        value: m(`${conversationId}-convdata`),
      }),
    ),
    msg('m09', 'WRAPUP_APPLIED', 12, AGENT_1, {
      type: 'WRAPUP',
      wrapups: [{ categoryName: 'Delivery', values: ['late'] }],
      notes: m(`${conversationId}-wrapup`),
    }),
    msg('m10', 'AGENT_MESSAGE', 13, AGENT_1, {
      type: 'PLAIN',
      markdownText: b64(m(`${conversationId}-agenttext`)),
    }),
    personalise(
      c.sessionEvent(`${conversationId}-s2`, 'CHANNEL_SESSION_ENDED', 14, 'ENDED', 'AGENT'),
    ),
  ];
}

const CONVERSATION_QUERY = `
  query ($id: ID!, $view: TranscriptView!) {
    transcript(conversationId: $id, view: $view) {
      conversationId
      messages { id eventId eventName timestamp type text visibility erased sender { id name type } content { __typename } }
    }
    timeline(conversationId: $id) {
      participants { id name type roles }
      entries { eventId eventName kind timestamp activity { type state reason details participant { id name type } } }
    }
    conversations(view: $view, first: 50) { totalCount edges { node { id erasedAt customer { id name } } } }
  }`;

const ERASE = `mutation ($id: ID!, $reason: String!) {
  eraseConversation(conversationId: $id, reason: $reason) { id reason requestedBy conversationIds erasedEvents erasedAt chainHeads { conversationId head headEventId events } hash }
}`;
const ERASE_CUSTOMER = `mutation ($id: ID!, $reason: String!) {
  eraseCustomer(customerId: $id, reason: $reason) { id requestedBy conversationIds customerId erasedEvents }
}`;
const HOLD = `mutation ($conversationId: ID, $customerId: ID, $reason: String!) {
  placeLegalHold(conversationId: $conversationId, customerId: $customerId, reason: $reason) { id conversationId customerId reason placedBy placedAt releasedAt }
}`;
const RELEASE = `mutation ($id: ID!, $reason: String!) {
  releaseLegalHold(id: $id, reason: $reason) { id releasedAt releasedBy releaseReason }
}`;
const VERIFY = `query ($id: ID!) { verifyAuditLog(conversationId: $id) { ok checkedEvents firstBrokenEventId } }`;

describe('Erasure, legal hold and the erasure ledger', () => {
  let db: TestDatabase;
  let sut: TestApp;
  const A = markedConversation('erase-a', 'cust-a', 1_765_000_000_000);
  const B1 = markedConversation('erase-b1', 'cust-b', 1_765_100_000_000);
  const B2 = markedConversation('erase-b2', 'cust-b', 1_765_200_000_000);
  const C = markedConversation('erase-c', 'cust-c', 1_765_300_000_000);
  const H = markedConversation('erase-h', 'cust-h', 1_765_400_000_000);

  const gql = async (query: string, variables: Record<string, unknown>, key: KeyName) =>
    sut.graphql(query, variables, key);

  const download = async (path: string): Promise<Buffer> => {
    const res = await sut
      .http()
      .get(path)
      .set('Authorization', `Bearer ${KEYS.admin.secret}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };

  /** Everything a reader can get about a conversation, as one string. */
  const everything = async (id: string): Promise<string> => {
    const parts: string[] = [];
    for (const view of ['AGENT', 'CUSTOMER']) {
      parts.push(JSON.stringify((await gql(CONVERSATION_QUERY, { id, view }, 'admin')).body));
      for (const format of ['json', 'csv', 'txt', 'pdf']) {
        const body = await download(
          `/exports/conversations/${id}?format=${format}&view=${view.toLowerCase()}`,
        );
        parts.push(
          format === 'pdf'
            ? execFileSync('pdftotext', ['-', '-'], { input: body }).toString('utf8')
            : body.toString('utf8'),
        );
      }
    }
    // The export time and request id differ per call; everything else must not.
    return parts
      .join('\n')
      .replace(/"exportedAt":"[^"]+"/g, '')
      .replace(/^Exported: .*$/gm, '')
      .replace(/Request( id:)? [0-9a-f-]{36}/g, 'Request');
  };

  const originals = async (events: Json[]) =>
    JSON.stringify(await Promise.all(events.map((e) => sut.originalEvent(e.id))));

  const dump = () =>
    execFileSync('pg_dump', ['--data-only', db.url], { maxBuffer: 256 * 1024 * 1024 }).toString(
      'utf8',
    );

  const markersOf = (conversationId: string, text: string) =>
    [...text.matchAll(new RegExp(`${MARK}-${conversationId}-[a-z-]+`, 'g'))].map((x) => x[0]);

  const counts = async (id: string) => {
    const res = await gql(CONVERSATION_QUERY, { id, view: 'AGENT' }, 'admin');
    const t = res.body.data.transcript;
    return {
      messages: t.messages.map((x: Json) => [
        x.id,
        x.eventId,
        x.eventName,
        x.timestamp,
        x.type,
        x.visibility,
        x.sender.id,
        x.sender.type,
      ]),
      timeline: res.body.data.timeline.entries.map((x: Json) => [
        x.eventId,
        x.eventName,
        x.kind,
        x.timestamp,
        x.activity?.type ?? null,
        x.activity?.participant?.id ?? null,
      ]),
    };
  };

  const reportTotals = async () =>
    (
      await gql(
        `{ conversationReport(from: "2025-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z", granularity: DAY) {
            bucket key conversations messages customerVisibleMessages agentOnlyMessages
            firstResponse { samples medianSeconds } handleTime { samples medianSeconds } } }`,
        {},
        'admin',
      )
    ).body;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url, MAX_EVENT_BYTES: '65536' });
    for (const e of [...A, ...B1, ...B2, ...C, ...H]) await sut.postEvent(e).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should hold every marker before the erasure (the checks below can fail)', async () => {
    const text = await everything('erase-a');
    expect(markersOf('erase-a', text).length).toBeGreaterThan(10);
    expect(markersOf('erase-a', await originals(A))).toContain(`${MARK}-erase-a-cci`);
    expect(markersOf('erase-a', dump())).toEqual(
      expect.arrayContaining([
        `${MARK}-erase-a-text`,
        `${MARK}-erase-a-first`,
        `${MARK}-erase-a-form`,
      ]),
    );
  });

  it('should erase a conversation: no marker in any answer, export, original event or pg_dump; counts, reports and the chain intact', async () => {
    const before = await counts('erase-a');
    const totalsBefore = await reportTotals();
    const res = await gql(ERASE, { id: 'erase-a', reason: 'GDPR Art. 17 request #1' }, 'eraser');
    expect(res.body.errors).toBeUndefined();
    const erasure = res.body.data.eraseConversation;
    expect(erasure).toMatchObject({
      reason: 'GDPR Art. 17 request #1',
      requestedBy: 'eraser',
      conversationIds: ['erase-a'],
      erasedEvents: A.length,
    });
    expect(erasure.chainHeads).toEqual([
      expect.objectContaining({
        conversationId: 'erase-a',
        headEventId: A[A.length - 1].id,
        events: A.length,
      }),
    ]);

    expect(markersOf('erase-a', await everything('erase-a'))).toEqual([]);
    expect(markersOf('erase-a', await originals(A))).toEqual([]);
    await sut.app.get(ErasureRepository).settled();
    expect(markersOf('erase-a', dump())).toEqual([]);
    // Other conversations keep theirs.
    expect(markersOf('erase-c', await everything('erase-c')).length).toBeGreaterThan(10);

    expect(await counts('erase-a')).toEqual(before);
    expect(await reportTotals()).toEqual(totalsBefore);
    const transcript = (await gql(CONVERSATION_QUERY, { id: 'erase-a', view: 'AGENT' }, 'admin'))
      .body.data;
    expect(transcript.transcript.messages.every((x: Json) => x.erased && x.text === null)).toBe(
      true,
    );
    const listed = transcript.conversations.edges.find((e: Json) => e.node.id === 'erase-a').node;
    expect(listed.erasedAt).not.toBeNull();
    expect(listed.customer).toEqual({ id: 'cust-a', name: null });

    // Erased values are markers holding the hash of what was there.
    const original = (await sut.originalEvent(A[1].id)) as Json;
    expect(original.data.body).toEqual({ $erased: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(original.data.header.customer).toEqual({
      $erased: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(original.id).toBe(A[1].id);
    expect(original.data.id).toBe(A[1].data.id);

    expect((await gql(VERIFY, { id: 'erase-a' }, 'audit')).body.data.verifyAuditLog).toEqual({
      ok: true,
      checkedEvents: A.length,
      firstBrokenEventId: null,
    });
    expect((await sut.app.get(AuditService).verifyLedger()).ok).toBe(true);
  });

  // Each edit is committed (verification reads through the app's own connections), then undone.
  it.each([
    [
      'a message row',
      `UPDATE messages SET sent_at = sent_at + interval '1 ms' WHERE id = cim_id('erase-a-m03-msg')`,
      `UPDATE messages SET sent_at = sent_at - interval '1 ms' WHERE id = cim_id('erase-a-m03-msg')`,
      'erase-a-m03',
    ],
    [
      'an erased hash',
      `UPDATE messages SET erased_hash = erased_hash || '\\x00'::bytea WHERE id = cim_id('erase-a-m01-msg')`,
      `UPDATE messages SET erased_hash = substring(erased_hash FROM 1 FOR 32) WHERE id = cim_id('erase-a-m01-msg')`,
      'erase-a-m01',
    ],
    [
      'an event row',
      `UPDATE events SET name = 'AGENT_MESSAGE' WHERE id = cim_id('erase-a-m02')`,
      `UPDATE events SET name = 'CUSTOMER_MESSAGE' WHERE id = cim_id('erase-a-m02')`,
      'erase-a-m02',
    ],
    [
      'an erased part',
      `UPDATE parts SET content = '{}' WHERE scope = cim_id('erase-a')`,
      `UPDATE parts SET content = NULL WHERE scope = cim_id('erase-a')`,
      'erase-a-s1',
    ],
  ])(
    'should still detect an edit of %s of the erased conversation',
    async (_case, edit, undo, brokenAt) => {
      await withAdmin((c) => c.query(edit), db.url);
      try {
        const res = await gql(VERIFY, { id: 'erase-a' }, 'audit');
        expect(res.body.data.verifyAuditLog).toMatchObject({
          ok: false,
          firstBrokenEventId: brokenAt,
        });
      } finally {
        await withAdmin((c) => c.query(undo), db.url);
      }
      expect((await gql(VERIFY, { id: 'erase-a' }, 'audit')).body.data.verifyAuditLog.ok).toBe(
        true,
      );
    },
  );

  it('should leave a rebuild of the normalised tables with the erasure in place', async () => {
    const before = await everything('erase-a');
    await sut.app.get(RebuildService).rebuild();
    expect(markersOf('erase-a', await everything('erase-a'))).toEqual([]);
    expect((await gql(VERIFY, { id: 'erase-a' }, 'audit')).body.data.verifyAuditLog.ok).toBe(true);
    expect(before.length).toBeGreaterThan(0);
  });

  it("should erase a customer's conversations and record, leaving a third customer's conversation byte-for-byte unchanged", async () => {
    const untouched = async () =>
      withAdmin(
        async (c) =>
          (
            await c.query(
              `SELECT (SELECT string_agg(m::text, '|' ORDER BY m.id) FROM messages m WHERE conversation_id = cim_id('erase-c')) AS messages,
                      (SELECT string_agg(p::text, '|' ORDER BY p.hash) FROM parts p WHERE scope = cim_id('erase-c')) AS parts,
                      (SELECT string_agg(p::text, '|' ORDER BY p.id) FROM participants p WHERE conversation_id = cim_id('erase-c')) AS participants,
                      (SELECT c::text FROM customers c WHERE id = cim_id('cust-c')) AS customer`,
            )
          ).rows[0],
        db.url,
      );
    const before = await untouched();
    const beforeOriginals = await originals(C);
    const res = await gql(ERASE_CUSTOMER, { id: 'cust-b', reason: 'customer asked' }, 'eraser');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.eraseCustomer).toMatchObject({
      requestedBy: 'eraser',
      conversationIds: ['erase-b1', 'erase-b2'],
      customerId: 'cust-b',
      erasedEvents: B1.length + B2.length,
    });
    for (const id of ['erase-b1', 'erase-b2']) {
      expect(markersOf(id, await everything(id))).toEqual([]);
      expect((await gql(VERIFY, { id }, 'audit')).body.data.verifyAuditLog.ok).toBe(true);
    }
    await sut.app.get(ErasureRepository).settled();
    const dumped = dump();
    expect(markersOf('erase-b1', dumped)).toEqual([]);
    expect(markersOf('erase-b2', dumped)).toEqual([]);
    expect(await untouched()).toEqual(before);
    expect(await originals(C)).toEqual(beforeOriginals);
  });

  it('should refuse erasure of anything held (LEGAL_HOLD, nothing changed) until the hold is released', async () => {
    const held = await gql(HOLD, { conversationId: 'erase-h', reason: 'litigation 42' }, 'eraser');
    expect(held.body.errors).toBeUndefined();
    const hold = held.body.data.placeLegalHold;
    expect(hold).toMatchObject({
      conversationId: 'erase-h',
      customerId: null,
      placedBy: 'eraser',
      releasedAt: null,
    });
    const customerHold = (
      await gql(HOLD, { customerId: 'cust-h', reason: 'litigation 43' }, 'eraser')
    ).body.data.placeLegalHold;

    const before = await everything('erase-h');
    const ledgerBefore = (await gql('{ erasures { totalCount } }', {}, 'audit')).body.data.erasures
      .totalCount;
    for (const [query, id] of [
      [ERASE, 'erase-h'],
      [ERASE_CUSTOMER, 'cust-h'],
    ]) {
      const refused = await gql(query, { id, reason: 'try' }, 'eraser');
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('LEGAL_HOLD');
    }
    expect(await everything('erase-h')).toEqual(before);
    expect(
      (await gql('{ erasures { totalCount } }', {}, 'audit')).body.data.erasures.totalCount,
    ).toBe(ledgerBefore);

    // One hold released: the other still holds.
    await gql(RELEASE, { id: hold.id, reason: 'case closed' }, 'eraser');
    expect(
      (await gql(ERASE, { id: 'erase-h', reason: 'try' }, 'eraser')).body.errors?.[0]?.extensions
        ?.code,
    ).toBe('LEGAL_HOLD');
    const released = await gql(RELEASE, { id: customerHold.id, reason: 'case closed' }, 'eraser');
    expect(released.body.data.releaseLegalHold).toMatchObject({
      releasedBy: 'eraser',
      releaseReason: 'case closed',
    });
    expect(released.body.data.releaseLegalHold.releasedAt).not.toBeNull();

    const all = (
      await gql(
        '{ legalHolds(activeOnly: false) { id reason releasedAt releaseReason } }',
        {},
        'audit',
      )
    ).body.data.legalHolds;
    expect(all.filter((h: Json) => [hold.id, customerHold.id].includes(h.id))).toHaveLength(2);
    expect((await gql('{ legalHolds { id } }', {}, 'audit')).body.data.legalHolds).toEqual([]);

    expect(
      (await gql(ERASE, { id: 'erase-h', reason: 'after release' }, 'eraser')).body.errors,
    ).toBeUndefined();
    expect(markersOf('erase-h', await everything('erase-h'))).toEqual([]);
  });

  it('should list erasures in the hash-chained ledger, never with erased content', async () => {
    const res = await gql(
      '{ erasures(first: 10) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id reason requestedBy conversationIds erasedEvents hash chainHeads { head } } } } }',
      {},
      'audit',
    );
    expect(res.body.errors).toBeUndefined();
    const { totalCount, edges } = res.body.data.erasures;
    expect(totalCount).toBe(3);
    expect(edges.map((e: Json) => e.node.conversationIds)).toEqual([
      ['erase-h'],
      ['erase-b1', 'erase-b2'],
      ['erase-a'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(MARK);
    expect((await sut.app.get(AuditService).verifyLedger()).ok).toBe(true);
    // An edit of the ledger is found (the trigger refuses UPDATE; a superuser could disable it).
    await withAdmin(async (c) => {
      await c.query('BEGIN');
      try {
        await c.query('ALTER TABLE erasures DISABLE TRIGGER erasures_append_only');
        await c.query(
          `UPDATE erasures SET reason = 'nothing to see' WHERE seq = (SELECT min(seq) FROM erasures)`,
        );
        await c.query('ALTER TABLE erasures ENABLE TRIGGER erasures_append_only');
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK');
        throw error;
      }
    }, db.url);
    const broken = await sut.app.get(AuditService).verifyLedger();
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken?.problem).toMatch(/does not match its hash/);
    await expect(withAdmin((c) => c.query('DELETE FROM erasures'), db.url)).rejects.toThrow(
      /append-only/,
    );
  });

  it.each([
    ['eraseConversation', ERASE, { id: 'erase-c', reason: 'x' }],
    ['eraseCustomer', ERASE_CUSTOMER, { id: 'cust-c', reason: 'x' }],
    ['placeLegalHold', HOLD, { conversationId: 'erase-c', reason: 'x' }],
    ['releaseLegalHold', RELEASE, { id: '00000000-0000-0000-0000-000000000000', reason: 'x' }],
  ])('should refuse %s without data:erase', async (_name, query, variables) => {
    for (const key of ['admin', 'audit', 'customer', 'agent'] as KeyName[]) {
      const res = await gql(query, variables, key);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('should tell a transcripts:customer key nothing about erasures or holds', async () => {
    for (const query of ['{ erasures { totalCount } }', '{ legalHolds { id } }']) {
      const res = await gql(query, {}, 'customer');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data?.erasures ?? res.body.data?.legalHolds ?? null).toBeNull();
    }
  });

  it.each([
    ['an unknown conversation', ERASE, { id: 'no-such', reason: 'x' }, 'NOT_FOUND'],
    ['an unknown customer', ERASE_CUSTOMER, { id: 'no-such', reason: 'x' }, 'NOT_FOUND'],
    ['an empty reason', ERASE, { id: 'erase-c', reason: '' }, 'BAD_USER_INPUT'],
    ['a blank reason', ERASE_CUSTOMER, { id: 'cust-c', reason: '   ' }, 'BAD_USER_INPUT'],
    [
      'a hold with both targets',
      HOLD,
      { conversationId: 'erase-c', customerId: 'cust-c', reason: 'x' },
      'BAD_USER_INPUT',
    ],
    ['a hold with neither target', HOLD, { reason: 'x' }, 'BAD_USER_INPUT'],
    [
      'a hold on an unknown conversation',
      HOLD,
      { conversationId: 'no-such', reason: 'x' },
      'NOT_FOUND',
    ],
    [
      'a hold with an empty reason',
      HOLD,
      { conversationId: 'erase-c', reason: '' },
      'BAD_USER_INPUT',
    ],
    [
      'releasing an unknown hold',
      RELEASE,
      { id: '00000000-0000-0000-0000-000000000000', reason: 'x' },
      'NOT_FOUND',
    ],
    ['releasing a hold id that is no UUID', RELEASE, { id: 'nope', reason: 'x' }, 'NOT_FOUND'],
  ])(
    'should answer %s with a clear error and change nothing',
    async (_case, query, variables, code) => {
      const before = await withAdmin(
        async (c) =>
          (
            await c.query(
              'SELECT (SELECT count(*) FROM erasures) AS e, (SELECT count(*) FROM legal_holds) AS h, (SELECT count(*) FROM messages WHERE erased_hash IS NOT NULL) AS m',
            )
          ).rows[0],
        db.url,
      );
      const res = await gql(query, variables, 'eraser');
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.body.errors?.[0]?.message).toBeTruthy();
      const after = await withAdmin(
        async (c) =>
          (
            await c.query(
              'SELECT (SELECT count(*) FROM erasures) AS e, (SELECT count(*) FROM legal_holds) AS h, (SELECT count(*) FROM messages WHERE erased_hash IS NOT NULL) AS m',
            )
          ).rows[0],
        db.url,
      );
      expect(after).toEqual(before);
    },
  );
});
