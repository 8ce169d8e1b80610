/**
 * The quotas a new tenant starts with, shown in the superadmin's "New tenant" form and applied
 * by the server when a field is left out. `null` is "no limit".
 */
export const DEFAULT_QUOTAS = {
  maxTokensPerDay: 2_000_000,
  maxIngestionsPerDay: 500,
  maxStorageBytes: 5 * 1024 ** 3,
  maxRequestsPerMinute: 600,
  maxCostPerMonthUsd: null,
  maxTokensPerUserPerDay: null,
  maxTokensPerApiKeyPerDay: null,
  softThresholdPercent: 80,
} as const satisfies Record<string, number | null>;

/** The largest file a workspace accepts when its settings name none (50 MB). */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 ** 2;
