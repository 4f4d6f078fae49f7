import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '../config/app-config.js';

/** Most items one page can hold; a `first` that is null or absent is costed at this. */
const MAX_PAGE = 100;

/** Paginated fields (those with a `first` argument) cost their children once per item. */
const pageEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  if (!field.args.some((a) => a.name === 'first')) return undefined;
  const first = typeof args.first === 'number' ? args.first : MAX_PAGE;
  return 1 + first * childComplexity;
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
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > config.graphqlMaxComplexity) {
            throw limitError(
              `Query complexity ${complexity} exceeds the limit of ${config.graphqlMaxComplexity}; ask for fewer fields or a smaller first`,
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
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
