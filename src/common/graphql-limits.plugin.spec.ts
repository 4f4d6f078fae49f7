import { describe, expect, it } from '@jest/globals';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { depthOf } from './graphql-limits.plugin.js';

function depth(query: string): number {
  const doc = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const op = doc.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  return depthOf(op.selectionSet, fragments, 0);
}

describe(depthOf.name, () => {
  it.each([
    { query: '{ a }', expected: 1 },
    { query: '{ a { b { c } } d }', expected: 3 },
    { query: '{ a { ... on T { b { c } } } }', expected: 3 },
    { query: '{ a { ...F } } fragment F on T { b { c { d } } }', expected: 4 },
    { query: '{ a { ...F } } fragment F on T { b { ...F } }', expected: 2 },
  ])('should give $expected when the query is $query', ({ query, expected }) => {
    expect(depth(query)).toBe(expected);
  });
});
