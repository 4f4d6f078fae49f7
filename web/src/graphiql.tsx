import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { authHeader, storedKey } from './session';
import './graphiql.css';

/** GraphiQL, bundled and served by the service; it uses the key signed in to the console. */
const key = storedKey();
const root = document.getElementById('graphiql');
if (!root) throw new Error('No #graphiql element');

createRoot(root).render(
  <StrictMode>
    {key ? (
      <GraphiQL
        fetcher={createGraphiQLFetcher({ url: '/graphql', headers: authHeader(key) })}
        defaultQuery={
          '# The key signed in to the console is sent as the Authorization header.\n{\n  viewer {\n    name\n    scopes\n  }\n}\n'
        }
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
