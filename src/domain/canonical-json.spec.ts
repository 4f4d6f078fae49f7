import { describe, expect, it } from '@jest/globals';
import { FIXTURE_NAMES, loadFixture } from '../../test/utils/fixtures.js';
import { canonicalJson, contentHash } from './canonical-json.js';

/** A deep copy with every object's keys in reverse order (arrays keep their order). */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe(canonicalJson.name, () => {
  it.each([
    { label: 'null', value: null, expected: 'null' },
    { label: 'true', value: true, expected: 'true' },
    { label: 'an integer', value: 42, expected: '42' },
    { label: 'a negative fraction', value: -1.5, expected: '-1.5' },
    { label: 'a string with quotes', value: 'say "hi"\n', expected: '"say \\"hi\\"\\n"' },
    { label: 'an empty object', value: {}, expected: '{}' },
    { label: 'an empty array', value: [], expected: '[]' },
  ])('should write plain JSON when the value is $label', ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    { label: 'flat', a: { b: 1, a: 2 }, b: { a: 2, b: 1 }, expected: '{"a":2,"b":1}' },
    {
      label: 'nested',
      a: { z: { y: 1, x: [{ q: 1, p: 2 }] }, a: null },
      b: { a: null, z: { x: [{ p: 2, q: 1 }], y: 1 } },
      expected: '{"a":null,"z":{"x":[{"p":2,"q":1}],"y":1}}',
    },
    {
      label: 'mixed-case and numeric keys',
      a: { b: 1, B: 2, '10': 3, '2': 4 },
      b: { '2': 4, '10': 3, B: 2, b: 1 },
      expected: '{"10":3,"2":4,"B":2,"b":1}',
    },
  ])(
    'should give the same text whatever the key order when objects are $label',
    ({ a, b, expected }) => {
      expect(canonicalJson(a)).toBe(expected);
      expect(canonicalJson(b)).toBe(expected);
    },
  );

  it.each([
    { label: 'numbers', value: [3, 1, 2], expected: '[3,1,2]' },
    { label: 'objects', value: [{ id: 'b' }, { id: 'a' }], expected: '[{"id":"b"},{"id":"a"}]' },
    {
      label: 'nested arrays',
      value: { l: [[2, 1], [], ['b', 'a']] },
      expected: '{"l":[[2,1],[],["b","a"]]}',
    },
  ])('should keep array order when arrays hold $label', ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('should give different text when only the array order differs', () => {
    expect(canonicalJson({ l: [1, 2] })).not.toBe(canonicalJson({ l: [2, 1] }));
  });

  it.each([
    { label: 'at the top level', value: { a: 1, b: undefined }, expected: '{"a":1}' },
    { label: 'nested', value: { o: { x: undefined, y: 2 } }, expected: '{"o":{"y":2}}' },
    { label: 'as the only key', value: { gone: undefined }, expected: '{}' },
    { label: 'next to a null', value: { n: null, u: undefined }, expected: '{"n":null}' },
  ])('should drop keys when their value is undefined $label', ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    { label: 'accented text', value: { name: 'Zoë Ærø' }, expected: '{"name":"Zoë Ærø"}' },
    { label: 'an emoji', value: { text: 'hi 👋' }, expected: '{"text":"hi 👋"}' },
    { label: 'right-to-left text', value: { text: 'مرحبا' }, expected: '{"text":"مرحبا"}' },
    { label: 'non-ASCII keys', value: { é: 1, z: 2, a: 3 }, expected: '{"a":3,"z":2,"é":1}' },
  ])('should keep the characters when values hold $label', ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each(FIXTURE_NAMES)(
    'should round-trip to equal JSON when the value is the %s fixture',
    (name) => {
      const event = loadFixture(name);

      expect(JSON.parse(canonicalJson(event))).toEqual(event);
    },
  );

  it.each(FIXTURE_NAMES)(
    'should give the same text when the %s fixture has its keys reversed',
    (name) => {
      const event = loadFixture(name);

      expect(canonicalJson(reversedKeys(event))).toBe(canonicalJson(event));
    },
  );
});

describe(contentHash.name, () => {
  it.each([
    {
      label: 'keys are in order',
      value: { a: 1, b: [2, 1] },
      expected: 'e9d26fb0100c3f9ef569c38ced9811ec35059c3c999b8683fde59ed24e6e66e8',
    },
    {
      label: 'keys are out of order',
      value: { b: [2, 1], a: 1 },
      expected: 'e9d26fb0100c3f9ef569c38ced9811ec35059c3c999b8683fde59ed24e6e66e8',
    },
    {
      label: 'an undefined key is present',
      value: { b: [2, 1], c: undefined, a: 1 },
      expected: 'e9d26fb0100c3f9ef569c38ced9811ec35059c3c999b8683fde59ed24e6e66e8',
    },
    {
      label: 'the object is empty',
      value: {},
      expected: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    },
  ])('should give the SHA-256 hex of the canonical text when $label', ({ value, expected }) => {
    expect(contentHash(value)).toBe(expected);
  });

  it.each(FIXTURE_NAMES)(
    'should give the same hash when the %s fixture has its keys reversed',
    (name) => {
      const event = loadFixture(name);

      expect(contentHash(reversedKeys(event))).toBe(contentHash(event));
      expect(contentHash(event)).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it.each([
    { label: 'a value changes', other: { a: 2, b: [2, 1] } },
    { label: 'the array order changes', other: { a: 1, b: [1, 2] } },
    { label: 'a key is added', other: { a: 1, b: [2, 1], c: null } },
    { label: 'a number becomes a string', other: { a: '1', b: [2, 1] } },
  ])('should give a different hash when $label', ({ other }) => {
    expect(contentHash(other)).not.toBe(contentHash({ a: 1, b: [2, 1] }));
  });

  it('should give a different hash when a fixture field changes', () => {
    const event = loadFixture('WHISPER_MESSAGE');
    const changed = { ...event, timestamp: event.timestamp + 1 };

    expect(contentHash(changed)).not.toBe(contentHash(event));
  });
});
