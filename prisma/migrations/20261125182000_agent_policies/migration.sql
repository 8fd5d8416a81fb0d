-- CreateTable: least-privilege policy per agent id, versioned. A change is a new row with the next
-- version (append-only: triggers reject UPDATE, DELETE and TRUNCATE), so an alert that names
-- "policy for agent X v3" can always be traced to exactly what v3 allowed.
CREATE TABLE "agent_policies" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agent_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "allowed_tools" TEXT[],
    "allowed_file_roots" TEXT[],
    "writable_file_roots" TEXT[],
    "allowed_egress_hosts" TEXT[],
    "max_scopes" TEXT[],
    "note" TEXT,
    "created_by" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_policies_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "agent_policies_version_positive" CHECK ("version" >= 1),
    CONSTRAINT "agent_policies_agent_id_nonempty" CHECK (length("agent_id") BETWEEN 1 AND 200)
);

-- CreateIndex: also the "latest version of agent X" lookup (ORDER BY version DESC LIMIT 1)
CREATE UNIQUE INDEX "agent_policies_agent_id_version_key" ON "agent_policies"("agent_id", "version");

CREATE TRIGGER agent_policies_append_only BEFORE UPDATE OR DELETE ON "agent_policies"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER agent_policies_no_truncate BEFORE TRUNCATE ON "agent_policies"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
