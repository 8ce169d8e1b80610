-- Requests per minute are enforced from this release on, and every tRPC call counts (a page load
-- makes several). Workspaces still on the old default of 120 move to the new default of 600; a
-- limit an operator chose is kept.
UPDATE "tenant_quotas" SET "max_requests_per_minute" = 600 WHERE "max_requests_per_minute" = 120;
