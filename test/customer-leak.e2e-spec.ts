import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AGENT_ID,
  AGENT_ONLY_TRACES,
  CHANNEL_ID,
  CUSTOMER_ID,
  consultantId,
  conversationEvents,
  conversationId,
  hasWhispers,
} from './utils/read-side-data.js';
import { CONVERSATION_QUERY, CONVERSATIONS_QUERY } from './utils/read-side-queries.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { eventFrom } from './utils/fixtures.js';
import { pdfToText } from './utils/pdf.js';
import { createTestApp, KEYS, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

const COUNT = 12;
const LATE_WHISPER_AT = Date.UTC(2026, 0, 1, 20);
const LATE_WHISPER = eventFrom('WHISPER_MESSAGE', (e) => {
  e.id = 'whisper-evt-trailing';
  e.conversationId = conversationId(1);
  e.timestamp = LATE_WHISPER_AT;
  e.data.id = 'whisper-msg-trailing';
  e.data.header.additionalData = { isEncoded: false };
  e.data.body.markdownText = 'SECRET-WHISPER trailing';
});
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-01-02T00:00:00.000Z';

describe('customer view leaks nothing agent-only', () => {
  let db: TestDatabase;
  let sut: TestApp;
  const customerKey = KEYS.customer.secret;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (let n = 0; n < COUNT; n++) {
      for (const e of conversationEvents(n)) await sut.postEvent(e).expect(201);
    }
    // Conversation 1's last event is a whisper, hours after everything the customer saw.
    await sut.postEvent(LATE_WHISPER).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const expectNoTrace = (answer: string) => {
    for (const trace of AGENT_ONLY_TRACES) expect(answer).not.toContain(trace);
  };

  it('should have agent-only content in the agent view when the data set has whispers (the traces are real)', async () => {
    const res = await sut.graphql(CONVERSATIONS_QUERY, { view: 'AGENT', first: 100 });
    const raw = JSON.stringify(res.body);
    for (const trace of AGENT_ONLY_TRACES) expect(raw).toContain(trace);
    const counts = res.body.data.conversations.edges.map(
      (e: { node: { messageCount: number } }) => e.node.messageCount,
    );
    expect(Math.max(...counts)).toBe(6);
  });

  it('should show no agent-only text, id, participant or count in conversation() when the view is CUSTOMER', async () => {
    for (let n = 0; n < COUNT; n++) {
      const res = await sut.graphql(
        CONVERSATION_QUERY,
        { id: conversationId(n), view: 'CUSTOMER' },
        'customer',
      );
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data.conversation;
      expectNoTrace(JSON.stringify(res.body));
      expect(c.messageCount).toBe(3);
      expect(c.transcript.messages).toHaveLength(3);
      expect(c.participants.map((p: { id: string }) => p.id).sort()).toEqual(
        [AGENT_ID, '6932aed1098c173271a2025b', CUSTOMER_ID].sort(),
      );
      expect(c.lastMessage.id).toBe(`agent-msg-${n}`);
    }
  });

  it('should show nothing agent-only in conversations() with any filter when the view is CUSTOMER', async () => {
    for (const filter of [
      {},
      { from: FROM, to: TO },
      { channelId: CHANNEL_ID },
      { customerId: CUSTOMER_ID },
      { agentId: AGENT_ID },
    ]) {
      const res = await sut.graphql(
        CONVERSATIONS_QUERY,
        { view: 'CUSTOMER', first: 100, filter },
        'customer',
      );
      expect(res.body.errors).toBeUndefined();
      expectNoTrace(JSON.stringify(res.body));
      expect(res.body.data.conversations.totalCount).toBe(COUNT);
    }
  });

  it('should find no conversation by an agent who only whispered when the view is CUSTOMER', async () => {
    const customer = await sut.graphql(
      CONVERSATIONS_QUERY,
      { view: 'CUSTOMER', filter: { agentId: consultantId(0) } },
      'customer',
    );
    expect(customer.body.data.conversations).toMatchObject({ totalCount: 0, edges: [] });
    const agent = await sut.graphql(CONVERSATIONS_QUERY, {
      view: 'AGENT',
      filter: { agentId: consultantId(0) },
    });
    expect(agent.body.data.conversations.totalCount).toBeGreaterThan(0);
  });

  it('should not let a whisper move customer-view times or range filters when it is the last event', async () => {
    const agent = await sut.graphql(CONVERSATION_QUERY, { id: conversationId(1), view: 'AGENT' });
    expect(agent.body.data.conversation.lastEventAt).toBe(new Date(LATE_WHISPER_AT).toISOString());
    const customer = await sut.graphql(
      CONVERSATION_QUERY,
      { id: conversationId(1), view: 'CUSTOMER' },
      'customer',
    );
    // Customer message at 01:00:10, agent reply at 01:01:10: the customer view spans those.
    expect(customer.body.data.conversation).toMatchObject({
      firstEventAt: '2026-01-01T01:00:10.000Z',
      lastEventAt: '2026-01-01T01:01:10.000Z',
    });
    const range = { from: '2026-01-01T19:00:00Z', to: '2026-01-01T21:00:00Z' };
    const inRange = async (view: string, key: 'customer' | 'agent') =>
      (await sut.graphql(CONVERSATIONS_QUERY, { view, filter: range }, key)).body.data
        .conversations;
    expect(await inRange('CUSTOMER', 'customer')).toMatchObject({ totalCount: 0, edges: [] });
    expect((await inRange('AGENT', 'agent')).totalCount).toBe(1);
    const txt = await sut
      .http()
      .get(`/exports/conversations/${conversationId(1)}?view=customer&format=txt`)
      .set('Authorization', `Bearer ${customerKey}`);
    expect(txt.text).toContain('Last event: 2026-01-01T01:01:10.000Z');
    const ndjson = await sut
      .http()
      .get(`/exports/transcripts?from=${range.from}&to=${range.to}&view=customer&format=ndjson`)
      .set('Authorization', `Bearer ${customerKey}`);
    expect(ndjson.text).toBe('');
  });

  it('should refuse hasWhispers with BAD_USER_INPUT when the view is CUSTOMER', async () => {
    for (const hasWhispersFilter of [true, false]) {
      const res = await sut.graphql(
        CONVERSATIONS_QUERY,
        { view: 'CUSTOMER', filter: { hasWhispers: hasWhispersFilter } },
        'customer',
      );
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0]).toMatchObject({
        message: 'filter.hasWhispers is only allowed with view AGENT',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const agent = await sut.graphql(CONVERSATIONS_QUERY, {
      view: 'AGENT',
      filter: { hasWhispers: true },
    });
    const expected = Array.from({ length: COUNT }, (_, n) => n).filter(hasWhispers).length;
    expect(agent.body.data.conversations.totalCount).toBe(expected);
  });

  it('should show nothing agent-only in transcript() when the view is CUSTOMER', async () => {
    for (let n = 0; n < COUNT; n++) {
      const res = await sut.graphql(
        TRANSCRIPT_QUERY,
        { id: conversationId(n), view: 'CUSTOMER' },
        'customer',
      );
      expectNoTrace(JSON.stringify(res.body));
    }
  });

  it.each(['json', 'csv', 'txt', 'pdf'])(
    'should export nothing agent-only as %s when the view is customer',
    async (format) => {
      for (const n of [0, 2, 3]) {
        const get = (view: string, key: string) =>
          sut
            .http()
            .get(`/exports/conversations/${conversationId(n)}?view=${view}&format=${format}`)
            .set('Authorization', `Bearer ${key}`)
            .buffer(true)
            .parse((res, done) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => done(null, Buffer.concat(chunks)));
            });
        const customer = await get('customer', customerKey);
        expect(customer.status).toBe(200);
        const body = customer.body as Buffer;
        const text = format === 'pdf' ? pdfToText(body) : body.toString('utf8');
        expect(text).toContain(`Customer asks question ${n}`);
        expectNoTrace(text);
        if (hasWhispers(n)) {
          const agent = await get('agent', KEYS.agent.secret);
          const agentText =
            format === 'pdf'
              ? pdfToText(agent.body as Buffer)
              : (agent.body as Buffer).toString('utf8');
          expect(agentText).toContain(`SECRET-WHISPER-A ${n}`);
        }
      }
    },
  );

  it.each(['ndjson', 'csv'])(
    'should export nothing agent-only over a range as %s when the view is customer',
    async (format) => {
      const res = await sut
        .http()
        .get(`/exports/transcripts?from=${FROM}&to=${TO}&view=customer&format=${format}`)
        .set('Authorization', `Bearer ${customerKey}`);
      expect(res.status).toBe(200);
      expectNoTrace(res.text);
      for (let n = 0; n < COUNT; n++) expect(res.text).toContain(`Customer asks question ${n}`);
      const agent = await sut
        .http()
        .get(`/exports/transcripts?from=${FROM}&to=${TO}&view=agent&format=${format}`)
        .set('Authorization', `Bearer ${KEYS.agent.secret}`);
      expect(agent.text).toContain('SECRET-WHISPER-A 0');
    },
  );

  it('should refuse the agent view of an export with 403 when the key has only transcripts:customer', async () => {
    await sut
      .http()
      .get(`/exports/conversations/${conversationId(0)}?view=agent&format=txt`)
      .set('Authorization', `Bearer ${customerKey}`)
      .expect(403);
    await sut
      .http()
      .get(`/exports/transcripts?from=${FROM}&to=${TO}&view=agent&format=csv`)
      .set('Authorization', `Bearer ${customerKey}`)
      .expect(403);
  });
});
