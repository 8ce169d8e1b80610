import 'server-only';
import type { Endpoint } from './endpoint';
import { collectionEndpoints } from './resources/collections';
import { documentEndpoints } from './resources/documents';
import { gdprEndpoints } from './resources/gdpr';
import { usageEndpoints } from './resources/usage';

/**
 * Every operation of the public API, in the order the document lists them. A new resource
 * defines its endpoints in server/rest/resources/<resource>.ts and adds them here; the
 * dispatcher, the OpenAPI document and the contract test pick them up from this list.
 */
export const restEndpoints: readonly Endpoint[] = [...documentEndpoints, ...collectionEndpoints, ...usageEndpoints, ...gdprEndpoints];
