import { describe, expect, it } from '@jest/globals';
import type { PartRef } from './event-pieces.js';
import { applyDiff, diffFrom, shapeOf } from './residual-template.js';

const refs = (...hashes: string[]): PartRef[] => hashes.map((h, i) => [['p', i], h]);

describe(diffFrom.name, () => {
  const first = { a: 'x', b: { c: 1, d: [true, null] }, e: 'same' };
  const template = { ...shapeOf(first, refs('h1', 'h2')), refs: refs('h1', 'h2') };

  it('should record only the leaves and refs that differ, and give the residual back exactly', () => {
    const next = { a: 'y', b: { c: 2, d: [true, 'now'] }, e: 'same' };
    const shaped = shapeOf(next, refs('h1', 'h3'));

    const sut = diffFrom(template, shaped.leaves, refs('h1', 'h3'));

    expect(sut).toEqual([
      [0, 'y'],
      [1, 2],
      [3, 'now'],
      [-2, 'h3'],
    ]);
    const back = applyDiff({ t: first, r: refs('h1', 'h2') }, sut);
    expect(JSON.stringify(back.residual)).toBe(JSON.stringify(next));
    expect(back.refs).toEqual(refs('h1', 'h3'));
  });

  it.each([
    ['another key', { a: 'x', b: { c: 1, d: [true, null] }, f: 'same' }],
    ['another key order', { b: { c: 1, d: [true, null] }, a: 'x', e: 'same' }],
    ['a longer array', { a: 'x', b: { c: 1, d: [true, null, 3] }, e: 'same' }],
    ['an object for a leaf', { a: { x: 1 }, b: { c: 1, d: [true, null] }, e: 'same' }],
  ])('should see another shape when there is %s', (_case, other) => {
    expect(shapeOf(other, refs('h1', 'h2')).shape).not.toBe(template.shape);
  });

  it('should see another shape when a part is in another place', () => {
    expect(shapeOf(first, [[['q', 0], 'h1']]).shape).not.toBe(
      shapeOf(first, [[['p', 0], 'h1']]).shape,
    );
  });
});
