import { GraphQLObjectType, GraphQLSchema } from 'graphql';

/** Code-first decorators cannot describe the root types; the schema gets these once it is built. */
const ROOT_DESCRIPTIONS = {
  query:
    'Every read. Each field names the scope it needs; a key without it gets FORBIDDEN and null for that field.',
  mutation:
    'Every change besides ingestion (which is HTTP: POST /events). Each field names its scope.',
} as const;

/** The schema with its root types described (main and `npm run schema:print` both use this). */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const describe = (type: GraphQLObjectType | null | undefined, description: string) =>
    type ? new GraphQLObjectType({ ...type.toConfig(), description }) : type;
  const query = describe(config.query, ROOT_DESCRIPTIONS.query);
  const mutation = describe(config.mutation, ROOT_DESCRIPTIONS.mutation);
  const roots = new Set([config.query, config.mutation]);
  return new GraphQLSchema({
    ...config,
    query,
    mutation,
    types: config.types.filter((t) => !roots.has(t as GraphQLObjectType)),
  });
}
