-- CreateTable: what people did in the console (sign-ins, token, user and role changes, reveals,
-- promotions…), appended to the "console" log exactly like executions to theirs: gapless seq under
-- the log head lock, leaf hash of the canonical document, hash chain, Merkle state, checkpoints.
CREATE TABLE "console_actions" (
    "environment" "Environment" NOT NULL DEFAULT 'console',
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB,
    "source_ip" TEXT,
    "leaf_hash" BYTEA NOT NULL,
    "chain_hash" BYTEA NOT NULL,

    CONSTRAINT "console_actions_pkey" PRIMARY KEY ("environment","seq"),
    CONSTRAINT "console_actions_console_log" CHECK ("environment" = 'console')
);

-- CreateIndex
CREATE INDEX "console_actions_action_at_idx" ON "console_actions"("action", "at");
CREATE INDEX "console_actions_actor_at_idx" ON "console_actions"("actor", "at");

CREATE TRIGGER console_actions_append_only BEFORE UPDATE OR DELETE ON "console_actions"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER console_actions_no_truncate BEFORE TRUNCATE ON "console_actions"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();

INSERT INTO "log_heads" ("environment", "chain_hash") VALUES ('console', decode(repeat('00', 32), 'hex'));

-- Tokens belong to an environment; none can be bound to the console log (so nothing ingests into it).
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_environment_not_console" CHECK ("environment" <> 'console');
