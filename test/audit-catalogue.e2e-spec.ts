import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/audit/audit.service.js';
import { RebuildService } from '../src/audit/rebuild.service.js';
import { AGENT_1, AGENT_2, BOT, CONNECTOR, ConversationBuilder, b64 } from './utils/cim-builder.js';
import { shuffled } from './utils/fixtures.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

const A = new ConversationBuilder('conv-a');
const B = new ConversationBuilder('conv-b', 1_765_100_000_000);
const APP = { id: 'survey-app', type: 'APP', name: 'Survey App' };
const SECRETS = [
  'Check the warehouse system',
  'Offer a refund',
  'vendor note',
  'Order #123 refunded',
  'Late parcel',
];

const agentEvent = (id: string, name: string, at: number, agent: typeof AGENT_1, role: string) =>
  A.agentEvent(id, name, at, agent, role);
const roleChange = (
  id: string,
  at: number,
  agent: typeof AGENT_1,
  role: string,
  previousRole: string,
) => {
  const e = A.agentEvent(id, 'PARTICIPANT_ROLE_CHANGED', at, agent, role);
  e.data = { conversationParticipant: e.data.agentParticipant, previousRole };
  return e;
};
const delivery = (id: string, at: number, status: string) =>
  A.message({
    id,
    dataId: `${id}-msg`,
    name: 'MESSAGE_DELIVERY_NOTIFICATION',
    at,
    sender: CONNECTOR,
    body: { type: 'DELIVERYNOTIFICATION', messageId: 'a07-msg', status },
  });

/** Every handled name, in event-time order. */
const CONV_A = [
  A.sessionEvent('a01', 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
  A.botEvent('a02', 'BOT_SUBSCRIBED', 1),
  A.text('a03', 'CUSTOMER_MESSAGE', 2, CONNECTOR, 'Hello, my parcel is late 📦'),
  A.message({
    id: 'a04',
    dataId: 'a04-msg',
    name: 'BOT_MESSAGE',
    at: 3,
    sender: BOT,
    body: {
      type: 'BUTTON',
      markdownText: b64('Pick one'),
      buttons: [
        { title: 'Track', payload: 'TRACK', type: 'postback' },
        { title: 'Agent', payload: 'AGENT', type: 'postback' },
      ],
    },
  }),
  A.botEvent('a05', 'BOT_UNSUBSCRIBED', 4),
  agentEvent('a06', 'AGENT_SUBSCRIBED', 5, AGENT_1, 'PRIMARY'),
  A.message({
    id: 'a07',
    dataId: 'a07-msg',
    name: 'AGENT_MESSAGE',
    at: 6,
    sender: AGENT_1,
    body: {
      type: 'IMAGE',
      caption: 'Your parcel',
      markdownText: null,
      attachment: {
        mediaUrl: 'https://files.example/p.jpg',
        mimeType: 'image/jpeg',
        size: 1200,
        thumbnail: null,
      },
    },
  }),
  agentEvent('a08', 'AGENT_SUBSCRIBED', 7, AGENT_2, 'ASSISTANT'),
  A.text('a09', 'WHISPER_MESSAGE', 8, AGENT_2, SECRETS[0]),
  A.message({
    id: 'a10',
    dataId: 'a10-msg',
    name: 'BOT_SUGGESTION',
    at: 9,
    sender: BOT,
    oldSenderShape: true,
    body: { type: 'PLAIN', markdownText: b64(SECRETS[1]) },
  }),
  roleChange('a11', 10, AGENT_2, 'SILENT_MONITOR', 'ASSISTANT'),
  delivery('a12', 11, 'DELIVERED'),
  delivery('a13', 12, 'READ'),
  A.notification('a14', 'TYPING_INDICATOR', 13, { typing: true }),
  A.message({
    id: 'a15',
    dataId: 'a15-msg',
    name: 'THIRD_PARTY_ACTIVITY',
    at: 14,
    sender: APP,
    body: { type: 'SURVEY', questions: [{ q: 'Rate us', scale: 5 }] },
  }),
  A.text('a16', 'ACTION_MESSAGE', 15, AGENT_1, SECRETS[3]),
  A.notification('a17', 'TASK_STATE_CHANGED', 16, {
    task: { id: 'task-1', state: { name: 'CLOSED', reasonCode: 'DONE' } },
  }),
  A.notification('a18', 'CONVERSATION_DATA_CHANGED', 17, { key: 'orderId', value: '123' }),
  A.notification('a19', 'ASSOCIATED_CUSTOMER_CHANGED', 18, {
    customer: A.setCustomer({ _id: 'cust-2', firstName: 'Amina K' }), // later envelopes carry it too
  }),
  agentEvent('a20', 'AGENT_UNSUBSCRIBED', 19, AGENT_2, 'SILENT_MONITOR'),
  roleChange('a21', 20, AGENT_1, 'WRAP_UP', 'PRIMARY'),
  A.message({
    id: 'a22',
    dataId: 'a22-msg',
    name: 'WRAPUP_APPLIED',
    at: 21,
    sender: AGENT_1,
    body: {
      type: 'WRAPUP',
      wrapups: [{ categoryName: 'Delivery', values: [SECRETS[4]] }],
      notes: 'Refund issued',
    },
  }),
  A.text('a23', 'AGENT_MESSAGE', 22, AGENT_1, 'Thanks for waiting, refund done ✅'),
  A.text('a24', 'SOME_VENDOR_EVENT', 23, APP, SECRETS[2]),
  A.notification('a25', 'ANOTHER_UNKNOWN_EVENT', 24, { foo: 1 }),
  A.sessionEvent('a26', 'CHANNEL_SESSION_ENDED', 25, 'ENDED', 'AGENT'),
];

const media = (
  id: string,
  name: string,
  at: number,
  type: string,
  attachment: object,
  sender = CONNECTOR,
) =>
  B.message({
    id,
    dataId: `${id}-msg`,
    name,
    at,
    sender,
    body: { type, markdownText: null, attachment },
  });

/** Every body type. */
const CONV_B = [
  B.sessionEvent('b01', 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
  media('b02', 'CUSTOMER_MESSAGE', 1, 'VIDEO', {
    mediaUrl: 'https://f/v.mp4',
    mimeType: 'video/mp4',
    size: 9000,
  }),
  media('b03', 'CUSTOMER_MESSAGE', 2, 'AUDIO', {
    mediaUrl: 'https://f/a.ogg',
    mimeType: 'audio/ogg',
    size: 300,
  }),
  media('b04', 'CUSTOMER_MESSAGE', 3, 'FILE', {
    mediaUrl: 'https://f/r.pdf',
    mimeType: 'application/pdf',
    size: 5000,
    name: 'receipt.pdf',
  }),
  B.message({
    id: 'b05',
    dataId: 'b05-msg',
    name: 'AGENT_MESSAGE',
    at: 4,
    sender: AGENT_1,
    body: {
      type: 'CAROUSEL',
      cards: [
        {
          title: 'Plan A',
          subtitle: 'Cheap',
          imageUrl: 'https://f/a.png',
          buttons: [{ title: 'Buy', payload: 'BUY_A' }],
        },
        { title: 'Plan B', buttons: [] },
      ],
    },
  }),
  B.message({
    id: 'b06',
    dataId: 'b06-msg',
    name: 'CUSTOMER_MESSAGE',
    at: 5,
    sender: CONNECTOR,
    body: {
      type: 'LOCATION',
      location: { latitude: 24.86, longitude: 67.01, name: 'Home', address: 'Karachi' },
    },
  }),
  B.message({
    id: 'b07',
    dataId: 'b07-msg',
    name: 'CUSTOMER_MESSAGE',
    at: 6,
    sender: CONNECTOR,
    body: {
      type: 'CONTACT',
      contacts: [
        {
          name: { formattedName: 'Ali Raza' },
          phones: [{ phone: '+92 321 1234567' }],
          emails: ['ali@example.com'],
        },
      ],
    },
  }),
  B.message({
    id: 'b08',
    dataId: 'b08-msg',
    name: 'AGENT_MESSAGE',
    at: 7,
    sender: AGENT_1,
    body: { type: 'URL', url: 'https://track.example/123', title: 'Tracking' },
  }),
  B.message({
    id: 'b09',
    dataId: 'b09-msg',
    name: 'AGENT_MESSAGE',
    at: 8,
    sender: AGENT_1,
    body: {
      type: 'EMAIL',
      subject: 'Your refund',
      to: ['amina@example.com'],
      cc: [],
      markdownText: b64('Refund sent.'),
      attachments: [
        { mediaUrl: 'https://f/inv.pdf', mimeType: 'application/pdf', fileName: 'invoice.pdf' },
      ],
    },
  }),
  B.message({
    id: 'b10',
    dataId: 'b10-msg',
    name: 'AGENT_MESSAGE',
    at: 9,
    sender: AGENT_1,
    body: { type: 'TEMPLATE', templateName: 'order_update', language: 'en', parameters: ['123'] },
  }),
  media('b11', 'CUSTOMER_MESSAGE', 10, 'STICKER', {
    mediaUrl: 'https://f/s.webp',
    mimeType: 'image/webp',
  }),
  B.message({
    id: 'b12',
    dataId: 'b12-msg',
    name: 'AGENT_MESSAGE',
    at: 11,
    sender: AGENT_1,
    body: { type: 'HOLOGRAM', shape: 'cube' },
  }),
  B.sessionEvent('b13', 'CHANNEL_SESSION_EXPIRED', 12, 'EXPIRED', 'CUSTOMER_INACTIVITY_TIMEOUT'),
];

const ALL = [...CONV_A, ...CONV_B];

const TIMELINE_QUERY = `query ($id: ID!) { timeline(conversationId: $id) {
  status closedAt
  participants { id name type roles currentRole joinedAt leftAt }
  entries { kind timestamp eventId eventName message { id type text visibility deliveryStatus } activity { type role previousRole state reason participant { id name type } details } }
} }`;

const CONTENT_QUERY = `query ($id: ID!, $view: TranscriptView!) { transcript(conversationId: $id, view: $view) { messages {
  id type text sender { id name type } deliveryStatus
  content { body attachment { mediaUrl mimeType size name caption thumbnail } buttons { title payload type }
    cards { title subtitle imageUrl buttons { title payload } } location { latitude longitude name address }
    contacts { name phones emails } link { url title description } email { subject to cc attachments { mediaUrl name mimeType } }
    template { name language parameters } wrapUp { codes notes } }
} } }`;

describe('the whole catalogue, the timeline and the audit log', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    // Out of order, with redeliveries of a few events.
    const deliveries = shuffled([...ALL, ALL[8], ALL[12], ALL[20], ALL[30]], 7);
    const statuses = new Map<number, number>();
    for (const event of deliveries) {
      const { status } = await sut.postEvent(event);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: ALL.length, 200: 4 });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const transcript = async (id: string, view: 'AGENT' | 'CUSTOMER') => {
    const res = await sut.graphql(TRANSCRIPT_QUERY, { id, view });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.transcript;
  };
  const timeline = async (id: string) => {
    const res = await sut.graphql(TIMELINE_QUERY, { id }, 'agent');
    expect(res.body.errors).toBeUndefined();
    return res.body.data.timeline;
  };

  it('should make exactly the expected agent transcript of every message-bearing name', async () => {
    const t = await transcript('conv-a', 'AGENT');
    expect(
      t.messages.map((m: any) => [m.eventName, m.type, m.text, m.visibility, m.sender.id]),
    ).toEqual([
      ['CUSTOMER_MESSAGE', 'PLAIN', 'Hello, my parcel is late 📦', 'CUSTOMER_VISIBLE', 'cust-1'],
      ['BOT_MESSAGE', 'BUTTON', 'Pick one', 'CUSTOMER_VISIBLE', 'bot-1'],
      ['AGENT_MESSAGE', 'IMAGE', null, 'CUSTOMER_VISIBLE', 'agent-1'],
      ['WHISPER_MESSAGE', 'PLAIN', SECRETS[0], 'AGENTS_ONLY', 'agent-2'],
      ['BOT_SUGGESTION', 'PLAIN', SECRETS[1], 'AGENTS_ONLY', 'bot-1'],
      ['THIRD_PARTY_ACTIVITY', 'SURVEY', null, 'AGENTS_ONLY', 'survey-app'],
      ['ACTION_MESSAGE', 'PLAIN', SECRETS[3], 'AGENTS_ONLY', 'agent-1'],
      ['WRAPUP_APPLIED', 'WRAPUP', null, 'AGENTS_ONLY', 'agent-1'],
      [
        'AGENT_MESSAGE',
        'PLAIN',
        'Thanks for waiting, refund done ✅',
        'CUSTOMER_VISIBLE',
        'agent-1',
      ],
      ['SOME_VENDOR_EVENT', 'PLAIN', SECRETS[2], 'AGENTS_ONLY', 'survey-app'],
    ]);
  });

  it('should show the customer only what the customer saw, with no trace of anything else', async () => {
    const res = await sut.graphql(CONTENT_QUERY, { id: 'conv-a', view: 'CUSTOMER' }, 'customer');
    expect(res.body.data.transcript.messages.map((m: any) => m.id)).toEqual([
      'a03-msg',
      'a04-msg',
      'a07-msg',
      'a23-msg',
    ]);
    const raw = JSON.stringify(res.body);
    for (const secret of [
      ...SECRETS,
      'Refund issued',
      'a09',
      'a10',
      'a15',
      'a16',
      'a22',
      'a24',
      'agent-2',
      'AGENTS_ONLY',
      'SURVEY',
    ]) {
      expect(raw).not.toContain(secret);
    }
  });

  it('should resolve the older sender shape to the participant behind it', async () => {
    const t = await transcript('conv-a', 'AGENT');
    expect(t.messages[4].sender).toEqual({ id: 'bot-1', name: 'Helper Bot', type: 'BOT' });
  });

  it('should keep the newest delivery status, whatever the arrival order', async () => {
    const res = await sut.graphql(CONTENT_QUERY, { id: 'conv-a', view: 'CUSTOMER' }, 'customer');
    const statuses = Object.fromEntries(
      res.body.data.transcript.messages.map((m: any) => [m.id, m.deliveryStatus]),
    );
    expect(statuses).toEqual({
      'a03-msg': null,
      'a04-msg': null,
      'a07-msg': 'READ',
      'a23-msg': null,
    });
  });

  it('should interleave messages and activities in the timeline, with status, roles and join/leave times', async () => {
    const t = await timeline('conv-a');
    expect(t.status).toBe('CLOSED');
    expect(t.closedAt).toBe(new Date(A.at(25)).toISOString());
    expect(
      t.entries.map(
        (e: any) => `${e.eventId}:${e.kind === 'MESSAGE' ? e.message.type : e.activity.type}`,
      ),
    ).toEqual([
      'a01:SESSION_STARTED',
      'a02:BOT_JOINED',
      'a03:PLAIN',
      'a04:BUTTON',
      'a05:BOT_LEFT',
      'a06:AGENT_JOINED',
      'a07:IMAGE',
      'a08:AGENT_JOINED',
      'a09:PLAIN',
      'a10:PLAIN',
      'a11:ROLE_CHANGED',
      'a15:SURVEY',
      'a16:PLAIN',
      'a17:TASK_STATE_CHANGED',
      'a18:CONVERSATION_DATA_CHANGED',
      'a19:CUSTOMER_CHANGED',
      'a20:AGENT_LEFT',
      'a21:ROLE_CHANGED',
      'a22:WRAPUP',
      'a22:WRAP_UP',
      'a23:PLAIN',
      'a24:PLAIN',
      'a26:SESSION_ENDED',
    ]);
    const byEvent = (id: string) =>
      t.entries.filter((e: any) => e.eventId === id && e.activity).map((e: any) => e.activity)[0];
    expect(byEvent('a01')).toMatchObject({
      type: 'SESSION_STARTED',
      state: 'STARTED',
      reason: 'CUSTOMER',
      participant: null,
    });
    expect(byEvent('a11')).toMatchObject({
      role: 'SILENT_MONITOR',
      previousRole: 'ASSISTANT',
      participant: { id: 'agent-2', name: 'Sara Ali', type: 'AGENT' },
    });
    expect(byEvent('a17')).toMatchObject({
      type: 'TASK_STATE_CHANGED',
      state: 'CLOSED',
      reason: 'DONE',
    });
    expect(byEvent('a22')).toMatchObject({
      type: 'WRAP_UP',
      details: { type: 'WRAPUP', notes: 'Refund issued' },
    });
    expect(byEvent('a26')).toMatchObject({
      type: 'SESSION_ENDED',
      state: 'ENDED',
      reason: 'AGENT',
    });
    const people = Object.fromEntries(t.participants.map((p: any) => [p.id, p]));
    expect(people['agent-1']).toEqual({
      id: 'agent-1',
      name: 'Raza Khan',
      type: 'AGENT',
      roles: ['PRIMARY', 'WRAP_UP'],
      currentRole: 'WRAP_UP',
      joinedAt: new Date(A.at(5)).toISOString(),
      leftAt: null,
    });
    expect(people['agent-2']).toEqual({
      id: 'agent-2',
      name: 'Sara Ali',
      type: 'AGENT',
      roles: ['ASSISTANT', 'SILENT_MONITOR'],
      currentRole: 'SILENT_MONITOR',
      joinedAt: new Date(A.at(7)).toISOString(),
      leftAt: new Date(A.at(19)).toISOString(),
    });
    expect(people['bot-1']).toMatchObject({
      roles: ['PRIMARY'],
      joinedAt: new Date(A.at(1)).toISOString(),
      leftAt: new Date(A.at(4)).toISOString(),
    });
    expect(people['cust-1']).toMatchObject({ type: 'CUSTOMER', name: 'Amina', roles: [] });
  });

  it('should close a conversation whose session expired, and move it to the newly associated customer', async () => {
    const t = await timeline('conv-b');
    expect(t.status).toBe('CLOSED');
    expect(t.entries.at(-1).activity).toMatchObject({
      type: 'SESSION_EXPIRED',
      reason: 'CUSTOMER_INACTIVITY_TIMEOUT',
    });
    const customer = await withAdmin(
      async (c) =>
        (
          await c.query(
            `SELECT cim_id_text(customer_id) AS customer_id FROM conversations WHERE id = cim_id('conv-a')`,
          )
        ).rows[0].customer_id,
      db.url,
    );
    expect(customer).toBe('cust-2');
  });

  it("should name the agent consulted (PRIMARY when the whisper was sent) and each agent's roles", async () => {
    const range = { from: new Date(A.at(0)).toISOString(), to: new Date(A.at(60)).toISOString() };
    const res = await sut.graphql(
      `query ($from: DateTime!, $to: DateTime!) {
        agentCollaboration(from: $from, to: $to) { agent { id } whispersSent consulted { agent { id name } conversations } }
        conversationCollaboration(conversationId: "conv-a") { agents { agent { id } role roles whispersSent } } }`,
      range,
      'agent',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.agentCollaboration).toEqual([
      {
        agent: { id: 'agent-2' },
        whispersSent: 1,
        consulted: [{ agent: { id: 'agent-1', name: 'Raza Khan' }, conversations: 1 }],
      },
    ]);
    expect(res.body.data.conversationCollaboration.agents).toEqual([
      { agent: { id: 'agent-1' }, role: 'WRAP_UP', roles: ['PRIMARY', 'WRAP_UP'], whispersSent: 0 },
      {
        agent: { id: 'agent-2' },
        role: 'SILENT_MONITOR',
        roles: ['ASSISTANT', 'SILENT_MONITOR'],
        whispersSent: 1,
      },
    ]);
  });

  it('should refuse the timeline to a key without transcripts:agent', async () => {
    const res = await sut.graphql(TIMELINE_QUERY, { id: 'conv-a' }, 'customer');
    expect(res.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.data).toEqual({ timeline: null });
  });

  it('should expose every body type in typed fields, and unknown types as received', async () => {
    const res = await sut.graphql(CONTENT_QUERY, { id: 'conv-b', view: 'CUSTOMER' }, 'customer');
    const c = Object.fromEntries(
      res.body.data.transcript.messages.map((m: any) => [m.type, m.content]),
    );
    expect(Object.keys(c)).toEqual([
      'VIDEO',
      'AUDIO',
      'FILE',
      'CAROUSEL',
      'LOCATION',
      'CONTACT',
      'URL',
      'EMAIL',
      'TEMPLATE',
      'STICKER',
      'HOLOGRAM',
    ]);
    expect(c.VIDEO.attachment).toEqual({
      mediaUrl: 'https://f/v.mp4',
      mimeType: 'video/mp4',
      size: 9000,
      name: null,
      caption: null,
      thumbnail: null,
    });
    expect(c.AUDIO.attachment.mimeType).toBe('audio/ogg');
    expect(c.FILE.attachment).toMatchObject({ name: 'receipt.pdf', size: 5000 });
    expect(c.CAROUSEL.cards).toEqual([
      {
        title: 'Plan A',
        subtitle: 'Cheap',
        imageUrl: 'https://f/a.png',
        buttons: [{ title: 'Buy', payload: 'BUY_A' }],
      },
      { title: 'Plan B', subtitle: null, imageUrl: null, buttons: [] },
    ]);
    expect(c.LOCATION.location).toEqual({
      latitude: 24.86,
      longitude: 67.01,
      name: 'Home',
      address: 'Karachi',
    });
    expect(c.CONTACT.contacts).toEqual([
      { name: 'Ali Raza', phones: ['+92 321 1234567'], emails: ['ali@example.com'] },
    ]);
    expect(c.URL.link).toEqual({
      url: 'https://track.example/123',
      title: 'Tracking',
      description: null,
    });
    expect(c.EMAIL.email).toEqual({
      subject: 'Your refund',
      to: ['amina@example.com'],
      cc: [],
      attachments: [
        { mediaUrl: 'https://f/inv.pdf', name: 'invoice.pdf', mimeType: 'application/pdf' },
      ],
    });
    expect(c.TEMPLATE.template).toEqual({
      name: 'order_update',
      language: 'en',
      parameters: ['123'],
    });
    expect(c.STICKER.attachment.mediaUrl).toBe('https://f/s.webp');
    expect(c.HOLOGRAM).toMatchObject({
      body: { type: 'HOLOGRAM', shape: 'cube' },
      attachment: null,
      buttons: null,
    });
    const agent = await sut.graphql(CONTENT_QUERY, { id: 'conv-a', view: 'AGENT' });
    const wrap = agent.body.data.transcript.messages.find((m: any) => m.type === 'WRAPUP');
    expect(wrap.content.wrapUp).toEqual({ codes: [SECRETS[4]], notes: 'Refund issued' });
    const buttons = agent.body.data.transcript.messages.find((m: any) => m.type === 'BUTTON');
    expect(buttons.content.buttons).toEqual([
      { title: 'Track', payload: 'TRACK', type: 'postback' },
      { title: 'Agent', payload: 'AGENT', type: 'postback' },
    ]);
  });

  it('should give back every event exactly as received', async () => {
    for (const event of ALL) expect(await sut.originalEvent(event.id)).toEqual(event);
    expect(await sut.originalEvent('never-stored')).toBeNull();
  });

  it('should store the repeated envelope once: far fewer bytes than the raw JSON', async () => {
    const stored = await withAdmin(
      async (c) =>
        (
          await c.query(
            `SELECT sum(coalesce(pg_column_size(envelope), 0) + coalesce(pg_column_size(diff), 0)
                       + coalesce(pg_column_size(message), 0))::int AS events,
              (SELECT sum(coalesce(pg_column_size(content), 0) + coalesce(pg_column_size(refs), 0))::int FROM parts) AS parts,
              (SELECT sum(coalesce(pg_column_size(text), 0) + coalesce(pg_column_size(body), 0))::int FROM messages) AS messages
       FROM events`,
          )
        ).rows[0],
      db.url,
    );
    const raw = ALL.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
    expect(stored.events + stored.parts + stored.messages).toBeLessThan(raw / 4);
  });

  it('should rebuild identical transcripts and timelines from the audit log and its message pieces', async () => {
    const snapshot = async () => ({
      a: await transcript('conv-a', 'AGENT'),
      ac: await transcript('conv-a', 'CUSTOMER'),
      b: await transcript('conv-b', 'AGENT'),
      ta: await timeline('conv-a'),
      tb: await timeline('conv-b'),
      content: (await sut.graphql(CONTENT_QUERY, { id: 'conv-b', view: 'AGENT' })).body,
    });
    const before = await snapshot();
    await withAdmin(
      (c) =>
        c.query(
          // Derived columns only: a message's text and body are its event's audit record (the
          // tampering test below shows an edit of those is detected, not repaired).
          `UPDATE messages SET sender_type = 'corrupted', event_name = 'corrupted', channel_session_id = NULL;
           DELETE FROM activities WHERE event_id = cim_id('a11'); DELETE FROM participants`,
        ),
      db.url,
    );
    const result = await sut.app.get(RebuildService).rebuild();
    expect(result).toEqual({ conversations: 2, events: ALL.length });
    expect(await snapshot()).toEqual(before);
  });

  it('should verify both chains, then find the first tampered event', async () => {
    const verify = async (id: string) => {
      const res = await sut.graphql(
        `query ($id: ID!) { verifyAuditLog(conversationId: $id) { conversationId ok checkedEvents firstBrokenEventId } }`,
        { id },
        'audit',
      );
      return res.body.data.verifyAuditLog;
    };
    expect(await verify('conv-a')).toEqual({
      conversationId: 'conv-a',
      ok: true,
      checkedEvents: CONV_A.length,
      firstBrokenEventId: null,
    });
    expect(await verify('conv-b')).toEqual({
      conversationId: 'conv-b',
      ok: true,
      checkedEvents: CONV_B.length,
      firstBrokenEventId: null,
    });
    const all: unknown[] = [];
    for await (const r of sut.app.get(AuditService).verifyAll()) all.push(r);
    expect(all).toHaveLength(2);

    await withAdmin(
      (c) => c.query(`UPDATE events SET name = 'AGENT_MESSAGE' WHERE id = cim_id('a10')`),
      db.url,
    );
    expect(await verify('conv-a')).toMatchObject({ ok: false, firstBrokenEventId: 'a10' });
    expect(await verify('conv-b')).toMatchObject({ ok: true });

    // A message's text lives once, in its message row: editing it breaks its event.
    const textEdited = CONV_B.find((e) => e.name === 'CUSTOMER_MESSAGE' && e !== CONV_B[0]);
    if (!textEdited) throw new Error('conv-b has customer messages');
    await withAdmin(
      (c) =>
        c.query(`UPDATE messages SET text = 'tampered' WHERE event_id = cim_id($1)`, [
          textEdited.id,
        ]),
      db.url,
    );
    expect(await verify('conv-b')).toMatchObject({ ok: false, firstBrokenEventId: textEdited.id });

    // A shared part (the channel): every event that uses it breaks; the first is reported.
    const firstOfB = await withAdmin(
      async (c) =>
        (
          await c.query(
            `SELECT cim_id_text(id) AS id FROM events WHERE conversation_id = cim_id('conv-b') AND prev_id IS NULL`,
          )
        ).rows[0].id,
      db.url,
    );
    await withAdmin(
      (c) =>
        c.query(
          `UPDATE parts SET content = regexp_replace(content, '"name":"[^"]*"', '"name":"Tampered"') WHERE content LIKE '%channelConnector%'`,
        ),
      db.url,
    );
    expect(await verify('conv-b')).toMatchObject({ ok: false, firstBrokenEventId: firstOfB });

    // The newest event removed: its head no longer matches.
    await withAdmin(
      (c) =>
        c.query(
          `DELETE FROM events WHERE id = (SELECT head_id FROM audit_chains WHERE conversation_id = cim_id('conv-b'))`,
        ),
      db.url,
    );
    expect(await verify('conv-b')).toMatchObject({ ok: false });
    const res = await sut.graphql(
      `{ verifyAuditLog(conversationId: "nobody") { ok checkedEvents firstBrokenEventId } }`,
      {},
      'audit',
    );
    expect(res.body.data.verifyAuditLog).toEqual({
      ok: true,
      checkedEvents: 0,
      firstBrokenEventId: null,
    });
  });
});
