-- Quota counters (issue 11) are tenant data like any other: RLS even for the table owner, and the
-- application role may read and change them (reserve, settle, release) within its tenant.
ALTER TABLE "quota_counters" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "quota_reservations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "quota_notices" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "quota_refusals" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "quota_counters" TO agenticomni_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "quota_reservations" TO agenticomni_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON "quota_notices" TO agenticomni_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "quota_refusals" TO agenticomni_app;
--> statement-breakpoint
-- `used` follows the events: every usage event adds its tokens (input + output) to the day's
-- counters of its tenant, user and API key, and its cost to the tenant's month, in the same
-- transaction as the event. So a counter always equals the sum of its period's events, whoever
-- writes them (chat, embeddings, OCR), and reservations are checked against real usage.
CREATE FUNCTION app_quota_counters_follow_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tokens numeric := NEW.input_tokens + NEW.output_tokens;
  day text := NEW.local_date::text;
BEGIN
  IF tokens > 0 THEN
    INSERT INTO quota_counters AS c (tenant_id, scope, subject_id, period, used)
    VALUES (NEW.tenant_id, 'tenant', NEW.tenant_id, day, tokens)
    ON CONFLICT (tenant_id, scope, subject_id, period) DO UPDATE SET used = c.used + excluded.used, updated_at = now();
    IF NEW.user_id IS NOT NULL THEN
      INSERT INTO quota_counters AS c (tenant_id, scope, subject_id, period, used)
      VALUES (NEW.tenant_id, 'user', NEW.user_id, day, tokens)
      ON CONFLICT (tenant_id, scope, subject_id, period) DO UPDATE SET used = c.used + excluded.used, updated_at = now();
    END IF;
    IF NEW.api_key_id IS NOT NULL THEN
      INSERT INTO quota_counters AS c (tenant_id, scope, subject_id, period, used)
      VALUES (NEW.tenant_id, 'api_key', NEW.api_key_id, day, tokens)
      ON CONFLICT (tenant_id, scope, subject_id, period) DO UPDATE SET used = c.used + excluded.used, updated_at = now();
    END IF;
  END IF;
  IF coalesce(NEW.cost_usd, 0) > 0 THEN
    INSERT INTO quota_counters AS c (tenant_id, scope, subject_id, period, used)
    VALUES (NEW.tenant_id, 'cost_month', NEW.tenant_id, to_char(NEW.local_date, 'YYYY-MM'), NEW.cost_usd)
    ON CONFLICT (tenant_id, scope, subject_id, period) DO UPDATE SET used = c.used + excluded.used, updated_at = now();
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER usage_events_count_quota AFTER INSERT ON usage_events
  FOR EACH ROW EXECUTE FUNCTION app_quota_counters_follow_event();
--> statement-breakpoint
-- Events written before the trigger existed: the current days and month start from their sums.
INSERT INTO quota_counters (tenant_id, scope, subject_id, period, used)
SELECT tenant_id, 'tenant', tenant_id, local_date::text, sum(input_tokens + output_tokens)
FROM usage_events WHERE local_date >= current_date - 2 GROUP BY tenant_id, local_date
UNION ALL
SELECT tenant_id, 'user', user_id, local_date::text, sum(input_tokens + output_tokens)
FROM usage_events WHERE local_date >= current_date - 2 AND user_id IS NOT NULL GROUP BY tenant_id, user_id, local_date
UNION ALL
SELECT tenant_id, 'api_key', api_key_id, local_date::text, sum(input_tokens + output_tokens)
FROM usage_events WHERE local_date >= current_date - 2 AND api_key_id IS NOT NULL GROUP BY tenant_id, api_key_id, local_date
UNION ALL
SELECT tenant_id, 'cost_month', tenant_id, to_char(local_date, 'YYYY-MM'), sum(coalesce(cost_usd, 0))
FROM usage_events WHERE local_date >= date_trunc('month', current_date - 2)::date GROUP BY tenant_id, to_char(local_date, 'YYYY-MM')
ON CONFLICT DO NOTHING;
