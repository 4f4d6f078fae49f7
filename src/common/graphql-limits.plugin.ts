import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  visit,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '../config/app-config.js';

/** Most items one page can hold; a page size that is null or absent is costed at this. */
const MAX_PAGE = 100;

/** Arguments that size a page: `last` when given (backward paging), else `first`. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last'];

/** Paginated fields (those with a `first` or `last` argument) cost their children once per item. */
const pageEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  if (!field.args.some((a) => PAGE_SIZE_ARGUMENTS.includes(a.name))) return undefined;
  const size = (n: unknown) => (typeof n === 'number' ? n : null);
  const items = size(args.last) ?? size(args.first) ?? MAX_PAGE;
  return 1 + items * childComplexity;
};

/**
 * Refuses over-deep or over-costly operations before any resolver runs, with a clear error
 * (extensions.code GRAPHQL_VALIDATION_FAILED, HTTP 400).
 */
export function graphqlLimitsPlugin(
  config: Pick<AppConfig, 'graphqlMaxDepth' | 'graphqlMaxComplexity'>,
): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ document, operation, schema, request }) {
          const depth = depthOf(operation?.selectionSet, fragmentsOf(document), 0);
          if (depth > config.graphqlMaxDepth) {
            throw limitError(`Query depth ${depth} exceeds the limit of ${config.graphqlMaxDepth}`);
          }
          const variables = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          const complexity = cachedComplexity(document, operationName, variables, () =>
            costOf(() =>
              getComplexity({
                schema,
                query: document,
                operationName,
                variables,
                estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
              }),
            ),
          );
          if (complexity > config.graphqlMaxComplexity) {
            throw limitError(
              `Query complexity ${complexity} exceeds the limit of ${config.graphqlMaxComplexity}; ask for fewer fields or a smaller first or last`,
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}

/**
 * Costing coerces the variables before execution does: a variable of the wrong type (an enum value
 * in lower case, a string for an Int) fails here first, and is the client's error, not ours.
 */
function costOf(cost: () => number): number {
  try {
    return cost();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

/**
 * Complexity depends on the document and only the variables given to `first`, `last` or to directives
 * (@skip/@include); Apollo hands the same parsed document for the same query text, so the figure is
 * kept per document and those variables' values (costing it took ~10% of a transcript read).
 */
const complexityCache = new WeakMap<DocumentNode, Map<string, number>>();
const costVariablesCache = new WeakMap<DocumentNode, string[]>();
const MAX_CACHED_PER_DOCUMENT = 256;

function cachedComplexity(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  compute: () => number,
): number {
  let names = costVariablesCache.get(document);
  if (!names) {
    names = costVariables(document);
    costVariablesCache.set(document, names);
  }
  const key = JSON.stringify([operationName ?? null, names.map((n) => variables[n] ?? null)]);
  let byKey = complexityCache.get(document);
  if (!byKey) {
    byKey = new Map();
    complexityCache.set(document, byKey);
  }
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const complexity = compute();
  if (byKey.size >= MAX_CACHED_PER_DOCUMENT) byKey.clear();
  byKey.set(key, complexity);
  return complexity;
}

/** Names of the variables used in page-size arguments and in directive arguments, sorted. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ValueNode) =>
    visit(node, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  visit(document, {
    Argument(arg) {
      if (PAGE_SIZE_ARGUMENTS.includes(arg.name.value)) collect(arg.value);
    },
    Directive(directive) {
      for (const arg of directive.arguments ?? []) collect(arg.value);
    },
  });
  return [...names].sort();
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  }
  return out;
}

/** Deepest field nesting; fragments are followed (each at most once per path, so cycles end). */
export function depthOf(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  depth: number,
  seen: ReadonlySet<string> = new Set(),
): number {
  if (!set) return depth;
  let deepest = depth;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      deepest = Math.max(deepest, depthOf(s.selectionSet, fragments, depth + 1, seen));
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(s.selectionSet, fragments, depth, seen));
    } else if (!seen.has(s.name.value)) {
      const fragment = fragments.get(s.name.value);
      const next = new Set(seen).add(s.name.value);
      deepest = Math.max(deepest, depthOf(fragment?.selectionSet, fragments, depth, next));
    }
  }
  return deepest;
}
