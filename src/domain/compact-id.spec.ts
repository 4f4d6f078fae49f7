import { describe, expect, it } from '@jest/globals';
import { decodeId, encodedIdHex, encodeId } from './compact-id.js';

describe(encodeId.name, () => {
  it.each([
    ['a lowercase UUID', 'd86ba3a8-57fb-4512-871d-0c7ed0172f13', 16],
    ['an ObjectId', '694135361fde7e4212be1824', 12],
    ['an uppercase UUID (kept as text)', 'D86BA3A8-57FB-4512-871D-0C7ED0172F13', 37],
    ['short text', 'ev-1', 5],
    ['11 bytes of text (padded, not mistaken for an ObjectId)', 'abcdefghijk', 13],
    ['15 bytes of text (padded, not mistaken for a UUID)', 'abcdefghijklmno', 17],
    ['non-ASCII text', 'مرحبا 😀!', 1 + Buffer.byteLength('مرحبا 😀!')],
    ['a UUID with braces', '{d86ba3a8-57fb-4512-871d-0c7ed0172f13}', 39],
    ['24 hex digits in upper case', '694135361FDE7E4212BE1824', 25],
  ])('should store %s in its smallest exact form and give it back', (_case, id, size) => {
    const sut = encodeId(id);

    expect(sut.length).toBe(size);
    expect(decodeId(sut)).toBe(id);
  });

  it('should order ids of one form as their text orders', () => {
    const ids = ['ev-10', 'ev-2', 'ev-1', 'abcdefghijk', 'abcdefghijkl', 'abcdefghijk0', 'b'];
    const byBytes = [...ids].sort((a, b) => Buffer.compare(encodeId(a), encodeId(b)));

    expect(byBytes).toEqual([...ids].sort());
  });

  it('should never give two ids the same stored form', () => {
    const ids = [
      'd86ba3a8-57fb-4512-871d-0c7ed0172f13',
      '694135361fde7e4212be1824',
      ...Array.from({ length: 40 }, (_, n) => 'x'.repeat(n + 1)),
    ];
    const stored = new Set(ids.map((id) => encodeId(id).toString('hex')));

    expect(stored.size).toBe(ids.length);
  });
});

describe(encodedIdHex.name, () => {
  it.each([
    'd86ba3a8-57fb-4512-871d-0c7ed0172f13',
    '694135361fde7e4212be1824',
    'D86BA3A8-57FB-4512-871D-0C7ED0172F13',
    'd86ba3a8-57fb-4512-871d-0c7ed0172f1g',
    'd86ba3a8x57fb-4512-871d-0c7ed0172f13',
    '694135361fde7e4212be182g',
    'ev-1',
    'abcdefghijk',
  ])('should give the hex of the stored form of %s', (id) => {
    expect(encodedIdHex(id)).toBe(encodeId(id).toString('hex'));
  });
});
