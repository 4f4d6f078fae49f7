import { describe, expect, it } from '@jest/globals';
import {
  Kind,
  buildSchema,
  parse,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { depthOf, graphqlLimitsPlugin } from './graphql-limits.plugin.js';

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

describe(graphqlLimitsPlugin.name, () => {
  const schema = buildSchema(`
    type Item { a: Int b: Int c: Int }
    type Query { items(first: Int = 20, after: String, last: Int, before: String): [Item] }
  `);
  // One parsed document reused, as Apollo's document cache hands it for the same query text.
  const document = parse(`query Q($n: Int, $after: String, $withC: Boolean!) {
    items(first: $n, after: $after) { a b c @include(if: $withC) }
  }`);
  const backward = parse(`query B($n: Int, $before: String) {
    items(last: $n, before: $before) { a b c }
  }`);

  async function check(variables: Record<string, unknown>, doc = document): Promise<void> {
    const plugin = graphqlLimitsPlugin({ graphqlMaxDepth: 5, graphqlMaxComplexity: 300 });
    const listener = await plugin.requestDidStart!({} as never);
    const context = {
      document: doc,
      operation: doc.definitions[0] as OperationDefinitionNode,
      schema,
      request: { variables },
    };
    await listener!.didResolveOperation!(context as never);
  }

  it('should cost each value of a `first` variable, not reuse the figure of another', async () => {
    await expect(check({ n: 10, after: 'x', withC: true })).resolves.toBeUndefined();
    await expect(check({ n: 100, after: 'x', withC: true })).rejects.toThrow(
      /Query complexity \d+ exceeds the limit of 300/,
    );
    // Other variables do not change the figure: the cached answer for n = 10 holds.
    await expect(check({ n: 10, after: 'y', withC: true })).resolves.toBeUndefined();
  });

  it('should cost @include variables too', async () => {
    await expect(check({ n: 100, after: null, withC: false })).resolves.toBeUndefined();
    await expect(check({ n: 100, after: null, withC: true })).rejects.toThrow(/exceeds the limit/);
  });

  it('should cost a page by `last` when given, whatever the default of `first`', async () => {
    await expect(check({ n: 10, before: 'x' }, backward)).resolves.toBeUndefined();
    await expect(check({ n: 100, before: 'x' }, backward)).rejects.toThrow(
      /Query complexity \d+ exceeds the limit of 300/,
    );
  });
});
