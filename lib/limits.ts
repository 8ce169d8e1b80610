/**
 * Request limits the browser and the server agree on: a tRPC batch holds at most this many
 * calls (the client splits longer ones, the server refuses them), and a tRPC body at most this
 * many bytes.
 */
export const TRPC_MAX_BATCH = 10;
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;
