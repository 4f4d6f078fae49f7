import { describe, expect, it } from '@jest/globals';
import { FIXTURE_NAMES, eventFrom, loadFixture } from '../../test/utils/fixtures.js';
import { newPartMemo, splitPayload } from '../../test/utils/legacy-writer.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { joinPayload, missingParts, type StoredPart } from './legacy-format.js';

const lookupOf = (pieces: StoredPart[]) => new Map(pieces.map((p) => [p.hash, p]));

describe(splitPayload.name, () => {
  it.each(FIXTURE_NAMES)('should give back exactly the %s event when joined again', (name) => {
    const event = loadFixture(name);
    const sut = splitPayload(event);
    expect(joinPayload(sut.payload, sut.envelope, lookupOf(sut.pieces))).toEqual(event);
    expect(JSON.stringify(sut.payload).length).toBeLessThan(JSON.stringify(event).length / 2);
  });

  it('should store the parts shared by all events of a conversation once', () => {
    const all = FIXTURE_NAMES.map((n) => splitPayload(loadFixture(n)));
    const distinct = new Set(all.flatMap((s) => s.pieces.map((p) => p.hash)));
    const channelParts = all
      .flatMap((s) => s.pieces)
      .filter((p) => (p.content as { channelConnector?: unknown }).channelConnector);
    expect(new Set(channelParts.map((p) => p.hash)).size).toBe(1);
    expect(new Set(all.map((s) => s.envelope)).size).toBeLessThan(all.length);
    const perEvent = all.reduce((n, s) => n + s.pieces.length, 0);
    expect(distinct.size).toBeLessThan(perEvent / 2);
  });

  it('should keep a "__proto__" key as data, not as a prototype', () => {
    const event = JSON.parse(
      JSON.stringify(loadFixture('AGENT_MESSAGE')).replace(
        '"channelData":{',
        '"channelData":{"__proto__":{"polluted":true},',
      ),
    ) as Record<string, unknown>;
    const sut = splitPayload(event);
    const joined = joinPayload(sut.payload, sut.envelope, lookupOf(sut.pieces));
    expect(canonicalJson(joined)).toBe(canonicalJson(event));
    expect(canonicalJson(joined)).toContain('"__proto__":{"polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(FIXTURE_NAMES)(
    'should split the %s event the same way with a memo left by hashing it',
    (name) => {
      const event = loadFixture(name);
      const memo = newPartMemo();
      canonicalJson(event, memo);

      expect(splitPayload(event, memo)).toEqual(splitPayload(event));
    },
  );

  it('should keep in the hashing memo only the subtrees that become parts', () => {
    const event = loadFixture('AGENT_MESSAGE');
    const memo = newPartMemo();
    canonicalJson(event, memo);
    const channelSession = (event as unknown as { channelSession: object }).channelSession;

    expect(memo.get(channelSession)).toBe(canonicalJson(channelSession));
    expect(memo.get(event)).toBeUndefined();
    expect(memo.get(event.data as object)).toBeUndefined();
  });

  it('should leave an event without large parts untouched', () => {
    const event = {
      id: 'e',
      name: 'X',
      conversationId: 'c',
      timestamp: 1,
      data: { customer: { _id: 'short' } },
    };
    expect(splitPayload(event)).toEqual({ payload: event, envelope: null, pieces: [] });
  });
});

describe(missingParts.name, () => {
  it('should list nested parts that are not loaded yet', () => {
    const sut = splitPayload(eventFrom('WHISPER_MESSAGE', () => undefined));
    const all = lookupOf(sut.pieces);
    expect(missingParts([sut.envelope], all)).toEqual([]);
    expect(missingParts([sut.envelope], new Map())).toEqual([sut.envelope]);
    const envelopeOnly = new Map([[sut.envelope!, all.get(sut.envelope!)!]]);
    expect(missingParts([sut.envelope], envelopeOnly).length).toBeGreaterThan(0);
  });
});
