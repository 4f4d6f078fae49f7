import type { ApolloServerPlugin } from '@apollo/server';

/** GraphQL requests without a valid key answer HTTP 401, and database outages 503, like the REST routes. */
export const httpStatusPlugin: ApolloServerPlugin = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ response, errors }) {
        const codes = new Set((errors ?? []).map((e) => e.extensions?.code));
        if (codes.has('UNAUTHENTICATED')) response.http.status = 401;
        else if (codes.has('SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
        }
        return Promise.resolve();
      },
    });
  },
};
