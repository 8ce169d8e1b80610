import { defaultShouldDehydrateQuery, QueryClient } from '@tanstack/react-query';
import superjson from 'superjson';

/** Shared by the server (prefetch) and the browser, so dehydrated data round-trips with superjson. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30 * 1000,
        // A refusal (4xx) will not change by asking again; network and server errors may.
        retry: (failures, error) => {
          const status = (error as { data?: { httpStatus?: number } | null }).data?.httpStatus;
          return (status === undefined || status >= 500) && failures < 3;
        },
      },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
