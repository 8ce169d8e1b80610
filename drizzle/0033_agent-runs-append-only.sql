-- Runs and their failures are history: a tenant transaction may add them, never rewrite them
-- (deleting a chat session or an evaluation still removes its runs through the foreign keys).
REVOKE UPDATE, DELETE, TRUNCATE ON "agent_runs", "agent_failures" FROM agenticomni_app;
