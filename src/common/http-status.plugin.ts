import type { ApolloServerPlugin } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from './error-mapping.js';

/** GraphQL requests without a valid key answer HTTP 401, and database outages 503, like the REST routes. */
export const httpStatusPlugin: ApolloServerPlugin = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ response }) {
        const errors =
          response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        const codes = new Set(errors.map((e) => e.extensions?.code));
        if (codes.has('UNAUTHENTICATED')) response.http.status = 401;
        else if (codes.has('SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        }
        return Promise.resolve();
      },
    });
  },
};
