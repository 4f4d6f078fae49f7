import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { conversationEvents, conversationId } from './utils/read-side-data.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('read side smoke', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (let n = 0; n < 4; n++) for (const e of conversationEvents(n)) await sut.postEvent(e).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should answer', async () => {
    const res = await sut.graphql(`{ conversations(view: AGENT, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id firstEventAt lastEventAt messageCount channel { id name channelType } customer { id name type } participants { id name type } lastMessage { id text } transcript { view messages { id text visibility } } } } } }`);
    console.log(JSON.stringify(res.body, null, 1).slice(0, 4000));
    const c = await sut.graphql(`{ conversationCollaboration(conversationId: "${conversationId(2)}") { conversationId agents { agent { id name type } role messagesSent whispersSent } whisperThreads { startedAt endedAt agents { id } messages { text } } }
      agentCollaboration(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { agent { id name } whispersSent conversationsWithWhispers consulted { agent { id name } conversations } firstWhisperMedianSeconds firstWhisperP90Seconds }
      conversationReport(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { bucket key conversations messages messagesBySenderType { senderType count } customerVisibleMessages agentOnlyMessages firstResponse { medianSeconds p90Seconds samples } handleTime { medianSeconds p90Seconds samples } }
      accessLog { totalCount edges { node { keyName operation view conversationIds requestId details } } } }`);
    console.log(JSON.stringify(c.body, null, 1));
    for (const f of ['json', 'csv', 'txt']) {
      const r = await sut.http().get(`/exports/conversations/${conversationId(0)}?view=agent&format=${f}`).set('Authorization', 'Bearer admin-secret-0123456789');
      console.log(r.status, r.headers['content-type'], r.text);
    }
    const r = await sut.http().get(`/exports/transcripts?view=customer&format=ndjson&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`).set('Authorization', 'Bearer admin-secret-0123456789');
    console.log(r.status, r.headers['content-type'], r.text.slice(0, 1000));
  });
});
