import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { authHeader } from './session';

/** A GraphQL client that sends the key as a header on every request (POST, never in the URL). */
export function createClient(key: string): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: authHeader(key) }),
  });
}
