import { describe, expect, it } from '@jest/globals';
import { SCOPES, grants, isScope, type Scope } from './scopes.js';

describe('SCOPES', () => {
  it('should list the contract scopes when read', () => {
    expect(SCOPES).toEqual([
      'events:write',
      'transcripts:customer',
      'transcripts:agent',
      'reports:read',
      'audit:read',
      'data:erase',
    ]);
  });
});

describe(isScope.name, () => {
  it.each(SCOPES)('should accept %s when it is a known scope', (scope) => {
    expect(isScope(scope)).toBe(true);
  });

  it.each([
    { label: 'an unknown name', value: 'admin' },
    { label: 'upper case', value: 'EVENTS:WRITE' },
    { label: 'padded', value: ' events:write' },
    { label: 'a prefix', value: 'transcripts' },
    { label: 'empty', value: '' },
    { label: 'a number', value: 1 },
    { label: 'null', value: null },
    { label: 'undefined', value: undefined },
    { label: 'an array holding a scope', value: ['events:write'] },
  ])('should reject the value when it is $label', ({ value }) => {
    expect(isScope(value)).toBe(false);
  });
});

describe(grants.name, () => {
  it.each<{ held: Scope[]; wanted: Scope; expected: boolean }>([
    { held: ['transcripts:agent'], wanted: 'transcripts:customer', expected: true },
    { held: ['transcripts:agent'], wanted: 'transcripts:agent', expected: true },
    { held: ['transcripts:customer'], wanted: 'transcripts:agent', expected: false },
    { held: ['transcripts:customer'], wanted: 'transcripts:customer', expected: true },
    { held: ['events:write', 'transcripts:agent'], wanted: 'transcripts:customer', expected: true },
    { held: ['transcripts:agent'], wanted: 'reports:read', expected: false },
    { held: ['transcripts:agent'], wanted: 'audit:read', expected: false },
    { held: ['transcripts:agent'], wanted: 'events:write', expected: false },
    { held: ['audit:read'], wanted: 'transcripts:customer', expected: false },
    { held: ['events:write'], wanted: 'transcripts:customer', expected: false },
    { held: ['reports:read', 'audit:read'], wanted: 'audit:read', expected: true },
    { held: [], wanted: 'transcripts:customer', expected: false },
    { held: [], wanted: 'events:write', expected: false },
  ])('should answer $expected when $held asks for $wanted', ({ held, wanted, expected }) => {
    expect(grants(held, wanted)).toBe(expected);
  });

  it.each(SCOPES.flatMap((held) => SCOPES.map((wanted) => ({ held, wanted }))))(
    'should grant only itself and agent-implies-customer when $held asks for $wanted',
    ({ held, wanted }) => {
      const implied = held === 'transcripts:agent' && wanted === 'transcripts:customer';

      expect(grants([held], wanted)).toBe(held === wanted || implied);
    },
  );

  it('should grant every scope when every scope is held', () => {
    expect(SCOPES.map((wanted) => grants(SCOPES, wanted))).toEqual(SCOPES.map(() => true));
  });
});
