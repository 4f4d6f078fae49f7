import { describe, expect, it } from '@jest/globals';
import { FIXTURE_NAMES, eventFrom, loadFixture } from '../../../test/utils/fixtures.js';
import type { CimEvent } from '../../ingest/cim-event.js';
import { normaliseEvent } from '../../ingest/normalise-event.js';
import { PartMemo, splitEvent, type EventPieces } from './event-pieces.js';
import {
  joinEvent,
  recomputeContentHash,
  type StoredPart,
  type StoredPieces,
} from './join-event.js';

function split(event: CimEvent, memo?: PartMemo): EventPieces {
  const message = normaliseEvent(event).rows.message;
  const identity = {
    id: event.id,
    name: event.name,
    conversationId: event.conversationId,
    timestamp: event.timestamp,
  };
  return splitEvent(
    event,
    identity,
    message ? { text: message.text, textEncoded: message.textEncoded } : null,
    memo,
  );
}

/** The pieces as the store keeps them (JSON strings parsed back, as a read does). */
function stored(
  event: CimEvent,
  pieces: EventPieces,
): { pieces: StoredPieces; parts: Map<string, StoredPart> } {
  return {
    pieces: {
      identity: {
        id: event.id,
        name: event.name,
        conversationId: event.conversationId,
        timestamp: event.timestamp,
      },
      residual: JSON.parse(JSON.stringify(pieces.residual)) as unknown,
      refs: pieces.refs,
      message: pieces.message ? { ...pieces.message, erasedHash: null } : null,
    },
    parts: new Map(pieces.parts.map((p) => [p.hash, p])),
  };
}

describe(splitEvent.name, () => {
  describe.each(FIXTURE_NAMES)('%s', (name) => {
    const event = loadFixture(name);
    const sut = split(event);

    it('should give back exactly the event (equal JSON) when joined again', () => {
      const { pieces, parts } = stored(event, sut);
      expect(joinEvent(pieces, parts)).toEqual(event);
    });

    it('should give back the same content hash from the stored pieces', () => {
      const { pieces, parts } = stored(event, sut);
      expect(recomputeContentHash(pieces, parts)?.equals(sut.contentHash)).toBe(true);
    });

    it('should keep what a part is not, a few hundred bytes, in the residual', () => {
      expect(JSON.stringify(sut.residual).length).toBeLessThan(JSON.stringify(event).length / 4);
    });
  });

  it('should take the message piece out only when the event carries a transcript message', () => {
    expect(split(loadFixture('WHISPER_MESSAGE')).message).toMatchObject({
      id:
        loadFixture('WHISPER_MESSAGE').data &&
        (loadFixture('WHISPER_MESSAGE').data as { id: string }).id,
      text: 'hello',
      encoding: 'base64',
      body: null,
      bodyType: 'PLAIN',
    });
    expect(split(loadFixture('CHANNEL_SESSION_STARTED')).message).toBeNull();
  });

  it('should split the same with and without the memo', () => {
    const memo = new PartMemo();
    for (const name of [...FIXTURE_NAMES, ...FIXTURE_NAMES]) {
      const event = loadFixture(name);
      const withMemo = split(event, memo);
      const without = split(event);
      expect(withMemo.contentHash.equals(without.contentHash)).toBe(true);
      expect(withMemo.parts.map((p) => p.hash).sort()).toEqual(
        without.parts.map((p) => p.hash).sort(),
      );
    }
  });

  it('should address personal parts within their conversation and shared ones across conversations', () => {
    const a = split(loadFixture('CUSTOMER_MESSAGE'));
    const b = split(
      eventFrom('CUSTOMER_MESSAGE', (e) => (e.conversationId = 'another-conversation')),
    );
    const hashes = (p: EventPieces, kind: string) =>
      p.parts.filter((x) => x.kind === kind).map((x) => x.hash);

    expect(hashes(a, 'channel')).toEqual(hashes(b, 'channel'));
    expect(hashes(a, 'customer')).not.toEqual(hashes(b, 'customer'));
    expect(a.parts.filter((x) => x.kind === 'customer').every((x) => x.scope !== '')).toBe(true);
    expect(a.parts.filter((x) => x.kind === 'channel').every((x) => x.scope === '')).toBe(true);
  });

  it('should keep a "__proto__" key as data, not as a prototype', () => {
    const event = JSON.parse(
      JSON.stringify(loadFixture('AGENT_MESSAGE')).replace(
        '"channelData":{',
        '"channelData":{"__proto__":{"polluted":true},',
      ),
    ) as CimEvent;
    const sut = split(event);
    const { pieces, parts } = stored(event, sut);

    expect(joinEvent(pieces, parts)).toEqual(event);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each([
    ['the residual', (p: StoredPieces) => ((p.residual as { type: string }).type = 'EDITED')],
    ['the message text', (p: StoredPieces) => p.message && (p.message.text = 'edited')],
    ['the message body', (p: StoredPieces) => p.message && (p.message.body = '{"type":"X"}')],
    ['the send time', (p: StoredPieces) => p.message && (p.message.sentAt = 1)],
    ['the name', (p: StoredPieces) => (p.identity.name = 'EDITED')],
    ['the timestamp', (p: StoredPieces) => (p.identity.timestamp += 1)],
  ])('should give another content hash when %s changes', (_case, edit) => {
    const event = loadFixture('WHISPER_MESSAGE');
    const sut = split(event);
    const { pieces, parts } = stored(event, sut);
    edit(pieces);

    expect(recomputeContentHash(pieces, parts)?.equals(sut.contentHash)).toBe(false);
  });

  it('should fail the check of a part whose content changed, whatever its place', () => {
    const event = loadFixture('WHISPER_MESSAGE');
    const sut = split(event);
    const { pieces, parts } = stored(event, sut);
    const channel = [...parts.values()].find((p) => p.content?.includes('channelConnector'));
    if (!channel) throw new Error('the fixture has a channel part');
    parts.set(channel.hash, {
      ...channel,
      content: (channel.content ?? '').replace('9956', '9957'),
    });

    expect(recomputeContentHash(pieces, parts)).toBeNull();
  });
});
