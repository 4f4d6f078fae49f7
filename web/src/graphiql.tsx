import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { authHeader, storedKey } from './session';
import './graphiql.css';
// The committed schema, bundled: the IDE needs no introspection (deeper than the service's query
// depth limit allows, and off in production).
import sdl from '../../schema.gql?raw';

/** GraphiQL, bundled and served by the service; it uses the key signed in to the console. */
const key = storedKey();
const root = document.getElementById('graphiql');
if (!root) throw new Error('No #graphiql element');

createRoot(root).render(
  <StrictMode>
    {key ? (
      <GraphiQL
        fetcher={createGraphiQLFetcher({ url: '/graphql', headers: authHeader(key) })}
        schema={buildSchema(sdl)}
        defaultQuery={'# Sent with the console key\n{\n  viewer {\n    name\n    scopes\n  }\n}\n'}
        shouldPersistHeaders={false}
      />
    ) : (
      <main className="no-key">
        <h1>GraphQL IDE</h1>
        <p>
          Sign in to the <a href="/console/">supervisor console</a> in this tab first: the IDE uses
          its API key.
        </p>
      </main>
    )}
  </StrictMode>,
);
