import { describe, expect, it } from '@jest/globals';
import { CONVERSATION_ID, FIXTURE_NAMES, loadFixture } from '../../test/utils/fixtures.js';
import { unwrapEvent } from './unwrap-event.js';

const ROOM_INFO = { id: '694135361fde7e4212be1823', mode: 'CONTACT_CENTER' };

describe(unwrapEvent.name, () => {
  it.each(FIXTURE_NAMES)('should pass the event through when it is the bare %s event', (name) => {
    const event = loadFixture(name);

    const sut = unwrapEvent(event);

    expect(sut).toEqual({ ok: true, event });
    expect(sut.ok && sut.event).toBe(event);
  });

  it.each([
    { label: 'null', body: null },
    { label: 'a number', body: 42 },
    { label: 'a string', body: '{"cimEvent":{}}' },
    { label: 'an array', body: [{ cimEvent: { id: 'e1' } }] },
    { label: 'an object without cimEvent', body: { id: 'e1', roomInfo: ROOM_INFO } },
  ])('should pass the body through unchanged when it is $label', ({ body }) => {
    const sut = unwrapEvent(body);

    expect(sut).toEqual({ ok: true, event: body });
    expect(sut.ok && sut.event).toBe(body);
  });

  it.each(FIXTURE_NAMES)('should return the inner object when a wrapper holds %s', (name) => {
    const event = loadFixture(name);

    const sut = unwrapEvent({
      cimEvent: event,
      conversationId: CONVERSATION_ID,
      roomInfo: ROOM_INFO,
    });

    expect(sut).toEqual({ ok: true, event });
    expect(sut.ok && sut.event).toBe(event);
  });

  it.each(FIXTURE_NAMES)(
    'should parse the event when a wrapper holds %s as a JSON string',
    (name) => {
      const event = loadFixture(name);

      const sut = unwrapEvent({
        cimEvent: JSON.stringify(event),
        conversationId: CONVERSATION_ID,
        roomInfo: ROOM_INFO,
      });

      expect(sut).toEqual({ ok: true, event });
    },
  );

  it.each([
    { label: 'null', inner: null },
    { label: 'a number', inner: 7 },
    { label: 'an array', inner: [{ id: 'e1' }] },
  ])('should return the inner value for validation when cimEvent is $label', ({ inner }) => {
    expect(unwrapEvent({ cimEvent: inner })).toEqual({ ok: true, event: inner });
  });

  it.each([
    { label: 'a JSON number', json: '42', parsed: 42 },
    { label: 'JSON null', json: 'null', parsed: null },
    { label: 'a JSON array', json: '[1,"a"]', parsed: [1, 'a'] },
  ])('should return the parsed value when cimEvent is $label', ({ json, parsed }) => {
    expect(unwrapEvent({ cimEvent: json })).toEqual({ ok: true, event: parsed });
  });

  it.each([
    { label: 'empty', json: '' },
    { label: 'plain text', json: 'hello' },
    { label: 'truncated', json: JSON.stringify(loadFixture('WHISPER_MESSAGE')).slice(0, -1) },
    { label: 'single-quoted', json: "{'id':'e1'}" },
    { label: 'with a trailing comma', json: '{"id":"e1",}' },
  ])('should name cimEvent when cimEvent is a $label string that is not JSON', ({ json }) => {
    const sut = unwrapEvent({ cimEvent: json, conversationId: CONVERSATION_ID });

    expect(sut).toEqual({ ok: false, problems: ['cimEvent is a string but not valid JSON'] });
    expect(!sut.ok && sut.problems[0]).toContain('cimEvent');
  });
});
