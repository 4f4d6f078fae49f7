import { describe, expect, it } from '@jest/globals';
import { FIXTURE_NAMES, eventFrom, loadFixture } from '../../test/utils/fixtures.js';
import { validateEvent } from './validate-event.js';

type Target = Record<string, unknown>;
/** The parts of the fixtures this spec changes (a message event; other events only through `put`). */
type Shaped = Target & { data: Target & { header: Target & { sender: Target }; body: Target } };

/** A copy of a fixture, changed. */
const changed = (name: string, change: (e: Shaped) => void) =>
  eventFrom(name, (e) => change(e as unknown as Shaped));

/** Sets a field, or removes it when the value is undefined. */
function put(target: Target, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** Ways a validated string field can be wrong. */
const BAD_STRINGS: { label: string; spoil: (target: Target, key: string) => void }[] = [
  { label: 'missing', spoil: (t, k) => void delete t[k] },
  { label: 'a number', spoil: (t, k) => void (t[k] = 42) },
  { label: 'null', spoil: (t, k) => void (t[k] = null) },
  { label: 'an object', spoil: (t, k) => void (t[k] = { value: 'x' }) },
  { label: 'empty', spoil: (t, k) => void (t[k] = '') },
  { label: 'over 200 characters', spoil: (t, k) => void (t[k] = 'x'.repeat(201)) },
];

const TOP_LEVEL_FIELDS = [
  { field: 'id', problem: 'id must be a non-empty string of at most 200 characters' },
  { field: 'name', problem: 'name must be a non-empty string of at most 200 characters' },
  {
    field: 'conversationId',
    problem: 'conversationId must be a non-empty string of at most 200 characters',
  },
];

const TIMESTAMP_PROBLEM =
  'timestamp must be an integer number of epoch milliseconds from 0 to 253402300799999';
const SENDER_ID_PROBLEM =
  'data.header.sender.id must be a non-empty string of at most 200 characters';
const DATA_ID_PROBLEM = 'data.id must be a non-empty string of at most 200 characters';
const NOT_AN_OBJECT = ['the event must be a JSON object'];

describe(validateEvent.name, () => {
  it.each(FIXTURE_NAMES)('should accept the event when it is the %s fixture', (name) => {
    const event = loadFixture(name);

    const sut = validateEvent(event);

    expect(sut).toEqual({ ok: true, event });
    expect(sut.ok && sut.event).toBe(event);
  });

  it.each(
    TOP_LEVEL_FIELDS.flatMap(({ field, problem }) =>
      BAD_STRINGS.map(({ label, spoil }) => ({ field, label, spoil, problem })),
    ),
  )('should name $field when $field is $label', ({ field, spoil, problem }) => {
    const event = changed('WHISPER_MESSAGE', (e) => spoil(e, field));

    expect(validateEvent(event)).toEqual({ ok: false, problems: [problem] });
  });

  it.each(
    TOP_LEVEL_FIELDS.flatMap(({ field }) => [
      { field, label: '1 character', value: 'x' },
      { field, label: 'exactly 200 characters', value: 'x'.repeat(200) },
    ]),
  )('should accept $field when it is $label long', ({ field, value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => (e[field] = value));

    expect(validateEvent(event)).toEqual({ ok: true, event });
  });

  it.each([
    { label: 'negative', value: -1 },
    { label: 'fractional', value: 1765881831351.5 },
    { label: 'a numeric string', value: '1765881831351' },
    { label: 'an unsafe integer', value: Number.MAX_SAFE_INTEGER + 1 },
    { label: 'the largest safe integer (past what a Date holds)', value: Number.MAX_SAFE_INTEGER },
    { label: 'one past the largest Date', value: 8_640_000_000_000_001 },
    { label: 'the first millisecond of year 10000', value: 253_402_300_800_000 },
    { label: 'NaN', value: Number.NaN },
    { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    { label: 'null', value: null },
    { label: 'missing', value: undefined },
  ])('should name timestamp when the timestamp is $label', ({ value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => put(e, 'timestamp', value));

    expect(validateEvent(event)).toEqual({ ok: false, problems: [TIMESTAMP_PROBLEM] });
  });

  it.each([
    { label: 'zero', value: 0 },
    { label: 'the last millisecond of year 9999', value: 253_402_300_799_999 },
  ])('should accept the timestamp when it is $label', ({ value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => (e.timestamp = value));

    expect(validateEvent(event)).toEqual({ ok: true, event });
  });

  it.each(BAD_STRINGS)('should name data.id when data.id of a message is $label', ({ spoil }) => {
    const event = changed('WHISPER_MESSAGE', (e) => spoil(e.data, 'id'));

    expect(validateEvent(event)).toEqual({ ok: false, problems: [DATA_ID_PROBLEM] });
  });

  it.each([
    {
      label: 'only a header',
      data: { header: { sender: { id: 'a1', type: 'AGENT' } } },
      problems: [DATA_ID_PROBLEM, 'data.body must be an object'],
    },
    {
      label: 'only a body',
      data: { body: { type: 'PLAIN' } },
      problems: [DATA_ID_PROBLEM, 'data.header must be an object'],
    },
    {
      label: 'a header and a body but no id',
      data: { header: { sender: { id: 'a1', type: 'AGENT' } }, body: { type: 'PLAIN' } },
      problems: [DATA_ID_PROBLEM],
    },
  ])('should name data.id when data has $label', ({ data, problems }) => {
    const event = changed('WHISPER_MESSAGE', (e) => put(e, 'data', data));

    expect(validateEvent(event)).toEqual({ ok: false, problems });
  });

  it.each(BAD_STRINGS)(
    'should name data.header.sender.id when the sender id is $label',
    ({ spoil }) => {
      const event = changed('WHISPER_MESSAGE', (e) => spoil(e.data.header.sender, 'id'));

      expect(validateEvent(event)).toEqual({ ok: false, problems: [SENDER_ID_PROBLEM] });
    },
  );

  it.each([
    { key: 'type', label: 'missing', spoil: BAD_STRINGS[0].spoil },
    { key: 'type', label: 'a number', spoil: BAD_STRINGS[1].spoil },
    { key: 'type', label: 'null', spoil: BAD_STRINGS[2].spoil },
  ])('should name data.header.sender.$key when the sender type is $label', ({ key, spoil }) => {
    const event = changed('WHISPER_MESSAGE', (e) => spoil(e.data.header.sender, key));

    const sut = validateEvent(event);

    expect(sut).toEqual({ ok: false, problems: [`data.header.sender.${key} must be a string`] });
    expect(!sut.ok && sut.problems[0]).toContain(`data.header.sender.${key}`);
  });

  it('should name both sender fields when the sender is an empty object', () => {
    const event = changed('WHISPER_MESSAGE', (e) => (e.data.header.sender = {}));

    expect(validateEvent(event)).toEqual({
      ok: false,
      problems: [SENDER_ID_PROBLEM, 'data.header.sender.type must be a string'],
    });
  });

  it.each([
    { label: 'missing', value: undefined },
    { label: 'a string', value: 'AGENT' },
    { label: 'null', value: null },
    { label: 'an array', value: [{ id: 'a1', type: 'AGENT' }] },
  ])('should name data.header.sender when the sender is $label', ({ value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => put(e.data.header, 'sender', value));

    expect(validateEvent(event)).toEqual({
      ok: false,
      problems: ['data.header.sender must be an object with id and type strings'],
    });
  });

  it.each([
    { label: 'missing', value: undefined },
    { label: 'a string', value: 'header' },
    { label: 'null', value: null },
    { label: 'an array', value: [] },
  ])('should name data.header when the header of a message is $label', ({ value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => put(e.data, 'header', value));

    expect(validateEvent(event)).toEqual({
      ok: false,
      problems: ['data.header must be an object'],
    });
  });

  it.each([
    { label: 'missing', value: undefined },
    { label: 'a string', value: 'hello' },
    { label: 'null', value: null },
    { label: 'an array', value: [{ type: 'PLAIN' }] },
  ])('should name data.body when the body of a message is $label', ({ value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => put(e.data, 'body', value));

    expect(validateEvent(event)).toEqual({ ok: false, problems: ['data.body must be an object'] });
  });

  it.each([
    { label: 'missing', value: undefined },
    { label: 'a number', value: 1 },
    { label: 'null', value: null },
    { label: 'empty', value: '' },
  ])('should name data.body.type when the body type is $label', ({ value }) => {
    const event = changed('WHISPER_MESSAGE', (e) => put(e.data.body, 'type', value));

    expect(validateEvent(event)).toEqual({
      ok: false,
      problems: ['data.body.type must be a non-empty string'],
    });
  });

  it('should accept a body type when it is one the service does not know', () => {
    const event = changed('WHISPER_MESSAGE', (e) => (e.data.body.type = 'THIRD_PARTY_CARD'));

    expect(validateEvent(event)).toEqual({ ok: true, event });
  });

  it.each([
    {
      label: 'a channel session without its id',
      event: changed('CHANNEL_SESSION_STARTED', (e) => delete e.data.id),
    },
    {
      label: 'an ended channel session with an empty id',
      event: changed('CHANNEL_SESSION_ENDED', (e) => (e.data.id = '')),
    },
    {
      label: 'an agentParticipant and a reason',
      event: loadFixture('AGENT_SUBSCRIBED'),
    },
    { label: 'an empty object', event: changed('AGENT_SUBSCRIBED', (e) => put(e, 'data', {})) },
    { label: 'null', event: changed('AGENT_SUBSCRIBED', (e) => put(e, 'data', null)) },
    { label: 'absent', event: changed('AGENT_SUBSCRIBED', (e) => put(e, 'data', undefined)) },
    { label: 'a string', event: changed('AGENT_SUBSCRIBED', (e) => put(e, 'data', 'text')) },
    {
      label: 'an array of message-like objects',
      event: changed('AGENT_SUBSCRIBED', (e) => put(e, 'data', [{ header: {}, body: {} }])),
    },
  ])('should skip the message checks when data is $label', ({ event }) => {
    expect(validateEvent(event)).toEqual({ ok: true, event });
  });

  it.each([
    { label: 'null', input: null },
    { label: 'undefined', input: undefined },
    { label: 'a number', input: 42 },
    { label: 'a string', input: JSON.stringify(loadFixture('WHISPER_MESSAGE')) },
    { label: 'a boolean', input: true },
    { label: 'an empty array', input: [] },
    { label: 'an array of events', input: [loadFixture('WHISPER_MESSAGE')] },
  ])('should reject the input when it is $label', ({ input }) => {
    expect(validateEvent(input)).toEqual({ ok: false, problems: NOT_AN_OBJECT });
  });

  it('should report every envelope field when the event is an empty object', () => {
    expect(validateEvent({})).toEqual({
      ok: false,
      problems: [
        'id must be a non-empty string of at most 200 characters',
        'name must be a non-empty string of at most 200 characters',
        'conversationId must be a non-empty string of at most 200 characters',
        TIMESTAMP_PROBLEM,
      ],
    });
  });

  it('should report every problem at once when several fields are wrong', () => {
    const event = changed('WHISPER_MESSAGE', (e) => {
      e.id = '';
      e.conversationId = 'c'.repeat(201);
      e.timestamp = -5;
      delete e.data.id;
      delete e.data.header.sender.type;
      e.data.body.type = '';
    });

    expect(validateEvent(event)).toEqual({
      ok: false,
      problems: [
        'id must be a non-empty string of at most 200 characters',
        'conversationId must be a non-empty string of at most 200 characters',
        TIMESTAMP_PROBLEM,
        DATA_ID_PROBLEM,
        'data.header.sender.type must be a string',
        'data.body.type must be a non-empty string',
      ],
    });
  });

  it.each([
    [
      'a NUL in a key',
      (e: Shaped) => (e.data.body['bad\u0000key'] = 1),
      'a key in data.body contains a NUL character',
    ],
    [
      'an unpaired surrogate in a key',
      (e: Shaped) => (e.data['x\ud800'] = 1),
      'a key in data contains an unpaired UTF-16 surrogate',
    ],
    [
      'a NUL in an array item',
      (e: Shaped) => (e.data.body.list = ['ok', 'no\u0000']),
      'data.body.list.1 contains a NUL character',
    ],
    [
      'an unpaired surrogate in a nested array',
      (e: Shaped) => (e.data.body.list = [['\udc00']]),
      'data.body.list.0.0 contains an unpaired UTF-16 surrogate',
    ],
  ])('should refuse the event and name the place when it has %s', (_label, spoil, problem) => {
    const result = validateEvent(changed('AGENT_MESSAGE', spoil));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([expect.stringContaining(problem)]);
  });
});
