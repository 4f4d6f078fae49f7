import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './cursor.js';

describe(decodeCursor.name, () => {
  it('should give back the parts when the cursor was made by encodeCursor', () => {
    expect(
      decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 'c1']), ['string', 'string']),
    ).toEqual(['2026-01-01T00:00:00.000Z', 'c1']);
  });

  it.each([
    { label: 'not base64 JSON', cursor: 'bogus' },
    { label: 'the wrong length', cursor: encodeCursor(['a']) },
    { label: 'the wrong types', cursor: encodeCursor([1, 'a']) },
    { label: 'an object', cursor: Buffer.from('{"a":1}').toString('base64url') },
    { label: 'empty', cursor: '' },
  ])('should give null when the cursor is $label', ({ cursor }) => {
    expect(decodeCursor(cursor, ['string', 'string'])).toBeNull();
  });
});
