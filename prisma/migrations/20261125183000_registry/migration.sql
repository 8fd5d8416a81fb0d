-- Registry (issue #9): tools under semver with immutable manifests, versioned model configs, immutable
-- release bundles, per-environment deployment history, and reviewed staging → production promotion.
-- Immutability is enforced here, not only in lib/registry: versions, releases and their bundle rows,
-- deployments and approvals reject UPDATE/DELETE/TRUNCATE; a release's bundle rows can only be
-- inserted in the transaction that created the release.

CREATE TYPE "PromotionStatus" AS ENUM ('requested', 'approved', 'deployed', 'rejected', 'expired', 'superseded');
CREATE TYPE "DeploymentKind" AS ENUM ('deploy', 'promotion', 'rollback', 'model_rollback');

CREATE TABLE "tools" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tools_pkey" PRIMARY KEY ("id"),
    -- MCP tool names (SEP-986): 1–128 of A–Z a–z 0–9 _ - . /
    CONSTRAINT "tools_name_format" CHECK ("name" ~ '^[A-Za-z0-9_./-]{1,128}$')
);
CREATE UNIQUE INDEX "tools_name_key" ON "tools"("name");

CREATE TABLE "tool_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tool_id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "major" INTEGER NOT NULL,
    "minor" INTEGER NOT NULL,
    "patch" INTEGER NOT NULL,
    "prerelease" TEXT,
    -- {name, description, inputSchema, outputSchema?, annotations?}; hashes are SHA-256 hex of RFC 8785 text
    "manifest" JSONB NOT NULL,
    "manifest_hash" TEXT NOT NULL,
    "input_schema_hash" TEXT NOT NULL,
    "output_schema" JSONB,
    "source" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tool_versions_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "tool_versions_semver" CHECK ("major" >= 0 AND "minor" >= 0 AND "patch" >= 0),
    CONSTRAINT "tool_versions_hashes" CHECK ("manifest_hash" ~ '^[0-9a-f]{64}$' AND "input_schema_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "tool_versions_source" CHECK ("source" IN ('console', 'api', 'mcp_registry'))
);
CREATE UNIQUE INDEX "tool_versions_tool_id_version_key" ON "tool_versions"("tool_id", "version");
CREATE INDEX "tool_versions_input_schema_hash_idx" ON "tool_versions"("input_schema_hash");

CREATE TABLE "model_configs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_configs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "model_configs_name_key" ON "model_configs"("name");

CREATE TABLE "model_config_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "model_config_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    -- ordered [{provider, model_id, parameters?}], tried in order when the primary model fails
    "fallbacks" JSONB NOT NULL DEFAULT '[]',
    "content_hash" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_config_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "model_config_versions_model_config_id_fkey" FOREIGN KEY ("model_config_id") REFERENCES "model_configs"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "model_config_versions_version" CHECK ("version" >= 1),
    CONSTRAINT "model_config_versions_fallbacks" CHECK (jsonb_typeof("fallbacks") = 'array' AND jsonb_typeof("parameters") = 'object')
);
CREATE UNIQUE INDEX "model_config_versions_model_config_id_version_key" ON "model_config_versions"("model_config_id", "version");

-- A release: an immutable bundle {tool versions, prompt versions, model config version, policy versions}.
-- `id` is a uuid kept as text (contract C4) so other features reference it with plain text columns.
CREATE TABLE "releases" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "name" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "content_hash" TEXT NOT NULL,
    "model_config_version_id" UUID,
    -- [{agent_id, policy_id, version}] of lib/policies at bundling time
    "policy_versions" JSONB NOT NULL DEFAULT '[]',
    "created_by" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "releases_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "releases_id_uuid" CHECK ("id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
    CONSTRAINT "releases_content_hash" CHECK ("content_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "releases_model_config_version_id_fkey" FOREIGN KEY ("model_config_version_id") REFERENCES "model_config_versions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
CREATE UNIQUE INDEX "releases_name_key" ON "releases"("name");
CREATE INDEX "releases_created_at_idx" ON "releases"("created_at");

CREATE TABLE "release_tool_versions" (
    "release_id" TEXT NOT NULL,
    "tool_version_id" UUID NOT NULL,
    "tool_id" UUID NOT NULL,

    CONSTRAINT "release_tool_versions_pkey" PRIMARY KEY ("release_id", "tool_version_id"),
    CONSTRAINT "release_tool_versions_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "release_tool_versions_tool_version_id_fkey" FOREIGN KEY ("tool_version_id") REFERENCES "tool_versions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "release_tool_versions_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
-- one version of each tool per release
CREATE UNIQUE INDEX "release_tool_versions_release_id_tool_id_key" ON "release_tool_versions"("release_id", "tool_id");
CREATE INDEX "release_tool_versions_tool_version_id_idx" ON "release_tool_versions"("tool_version_id");

CREATE TABLE "release_prompt_versions" (
    "release_id" TEXT NOT NULL,
    "prompt_version_id" TEXT NOT NULL,

    CONSTRAINT "release_prompt_versions_pkey" PRIMARY KEY ("release_id", "prompt_version_id"),
    CONSTRAINT "release_prompt_versions_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "release_prompt_versions_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
CREATE INDEX "release_prompt_versions_prompt_version_id_idx" ON "release_prompt_versions"("prompt_version_id");

-- Every change of an environment's live release or model, newest last; never edited.
CREATE TABLE "deployments" (
    "id" BIGSERIAL NOT NULL,
    "environment" "Environment" NOT NULL,
    "release_id" TEXT NOT NULL,
    -- the model config version the environment runs: the release's, or another after a model rollback
    "model_config_version_id" UUID,
    -- null: the version's primary model; n: its fallback number n (0-based) after a model rollback
    "model_fallback_index" INTEGER,
    "kind" "DeploymentKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_id" UUID,
    "promotion_request_id" UUID,
    "previous_deployment_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deployments_not_console" CHECK ("environment" <> 'console'),
    CONSTRAINT "deployments_fallback_index" CHECK ("model_fallback_index" IS NULL OR "model_fallback_index" >= 0),
    CONSTRAINT "deployments_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "deployments_model_config_version_id_fkey" FOREIGN KEY ("model_config_version_id") REFERENCES "model_config_versions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "deployments_previous_deployment_id_fkey" FOREIGN KEY ("previous_deployment_id") REFERENCES "deployments"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
CREATE INDEX "deployments_environment_id_idx" ON "deployments"("environment", "id");
CREATE INDEX "deployments_release_id_idx" ON "deployments"("release_id");

-- What each environment runs now: a pointer to its latest deployment. Deploys lock this row, so two
-- concurrent promotions or rollbacks take turns and the pointer only ever moves forward.
CREATE TABLE "environment_releases" (
    "environment" "Environment" NOT NULL,
    "deployment_id" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environment_releases_pkey" PRIMARY KEY ("environment"),
    CONSTRAINT "environment_releases_not_console" CHECK ("environment" <> 'console'),
    CONSTRAINT "environment_releases_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
INSERT INTO "environment_releases" ("environment") VALUES ('staging'), ('production');

CREATE TABLE "promotion_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "release_id" TEXT NOT NULL,
    "environment" "Environment" NOT NULL DEFAULT 'production',
    "status" "PromotionStatus" NOT NULL DEFAULT 'requested',
    "reason" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "required_approvals" INTEGER NOT NULL,
    -- what the target environment ran when the request was made; a different one makes it stale
    "baseline_deployment_id" BIGINT,
    "deployment_id" BIGINT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_requests_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "promotion_requests_production" CHECK ("environment" = 'production'),
    CONSTRAINT "promotion_requests_required_approvals" CHECK ("required_approvals" >= 1),
    CONSTRAINT "promotion_requests_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "promotion_requests_baseline_deployment_id_fkey" FOREIGN KEY ("baseline_deployment_id") REFERENCES "deployments"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "promotion_requests_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);
CREATE INDEX "promotion_requests_status_created_at_idx" ON "promotion_requests"("status", "created_at");
CREATE INDEX "promotion_requests_release_id_idx" ON "promotion_requests"("release_id");

ALTER TABLE "deployments" ADD CONSTRAINT "deployments_promotion_request_id_fkey"
    FOREIGN KEY ("promotion_request_id") REFERENCES "promotion_requests"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

CREATE TABLE "promotion_approvals" (
    "request_id" UUID NOT NULL,
    "approver_id" UUID NOT NULL,
    "approver" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_approvals_pkey" PRIMARY KEY ("request_id", "approver_id"),
    CONSTRAINT "promotion_approvals_decision" CHECK ("decision" IN ('approved', 'rejected')),
    CONSTRAINT "promotion_approvals_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "promotion_requests"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "promotion_approvals_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- ── immutability ──
CREATE TRIGGER tool_versions_immutable BEFORE UPDATE OR DELETE ON "tool_versions" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER tool_versions_no_truncate BEFORE TRUNCATE ON "tool_versions" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER model_config_versions_immutable BEFORE UPDATE OR DELETE ON "model_config_versions" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER model_config_versions_no_truncate BEFORE TRUNCATE ON "model_config_versions" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER releases_immutable BEFORE UPDATE OR DELETE ON "releases" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER releases_no_truncate BEFORE TRUNCATE ON "releases" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER release_tool_versions_immutable BEFORE UPDATE OR DELETE ON "release_tool_versions" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER release_tool_versions_no_truncate BEFORE TRUNCATE ON "release_tool_versions" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER release_prompt_versions_immutable BEFORE UPDATE OR DELETE ON "release_prompt_versions" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER release_prompt_versions_no_truncate BEFORE TRUNCATE ON "release_prompt_versions" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER deployments_immutable BEFORE UPDATE OR DELETE ON "deployments" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER deployments_no_truncate BEFORE TRUNCATE ON "deployments" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER promotion_approvals_immutable BEFORE UPDATE OR DELETE ON "promotion_approvals" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER promotion_approvals_no_truncate BEFORE TRUNCATE ON "promotion_approvals" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER promotion_requests_no_delete BEFORE DELETE ON "promotion_requests" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER promotion_requests_no_truncate BEFORE TRUNCATE ON "promotion_requests" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER environment_releases_no_delete BEFORE DELETE ON "environment_releases" FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER environment_releases_no_truncate BEFORE TRUNCATE ON "environment_releases" FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();

-- A bundle row may only be added by the transaction that created its release: afterwards the
-- release is sealed and its content hash stays true.
CREATE FUNCTION warden_release_bundle_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM releases WHERE id = NEW.release_id AND xmin = pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'warden: release % is sealed: its bundle cannot change after it was created', NEW.release_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER release_tool_versions_sealed BEFORE INSERT ON "release_tool_versions" FOR EACH ROW EXECUTE FUNCTION warden_release_bundle_sealed();
CREATE TRIGGER release_prompt_versions_sealed BEFORE INSERT ON "release_prompt_versions" FOR EACH ROW EXECUTE FUNCTION warden_release_bundle_sealed();

-- The environment pointer moves only forward, to a deployment of that environment, and never back to nothing.
CREATE FUNCTION warden_environment_release_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.environment <> OLD.environment THEN
        RAISE EXCEPTION 'warden: an environment row cannot be renamed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.deployment_id IS NULL AND OLD.deployment_id IS NOT NULL THEN
        RAISE EXCEPTION 'warden: % cannot be left without a release', NEW.environment USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.deployment_id IS DISTINCT FROM OLD.deployment_id THEN
        IF OLD.deployment_id IS NOT NULL AND NEW.deployment_id < OLD.deployment_id THEN
            RAISE EXCEPTION 'warden: % can only move to a newer deployment', NEW.environment USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM deployments WHERE id = NEW.deployment_id AND environment = NEW.environment) THEN
            RAISE EXCEPTION 'warden: deployment % is not a deployment of %', NEW.deployment_id, NEW.environment USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER environment_releases_moves BEFORE UPDATE ON "environment_releases" FOR EACH ROW EXECUTE FUNCTION warden_environment_release_moves();

-- Promotion requests: only the state, its timestamps and the resulting deployment change, and only
-- along requested → approved → deployed, or to rejected / expired / superseded from an open state.
CREATE FUNCTION warden_promotion_request_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.release_id <> OLD.release_id OR NEW.environment <> OLD.environment
       OR NEW.reason <> OLD.reason OR NEW.requested_by <> OLD.requested_by OR NEW.requested_by_id <> OLD.requested_by_id
       OR NEW.required_approvals <> OLD.required_approvals OR NEW.baseline_deployment_id IS DISTINCT FROM OLD.baseline_deployment_id
       OR NEW.expires_at <> OLD.expires_at OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'warden: a promotion request''s content is immutable; only its state moves' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
        (OLD.status = 'requested' AND NEW.status IN ('approved', 'rejected', 'expired', 'superseded'))
        OR (OLD.status = 'approved' AND NEW.status IN ('deployed', 'rejected', 'expired', 'superseded'))
    ) THEN
        RAISE EXCEPTION 'warden: promotion request % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status = OLD.status AND OLD.status IN ('deployed', 'rejected', 'expired', 'superseded') THEN
        RAISE EXCEPTION 'warden: promotion request % is closed (%)', OLD.id, OLD.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status = 'deployed' AND NEW.deployment_id IS NULL THEN
        RAISE EXCEPTION 'warden: a deployed promotion names its deployment' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.deployment_id IS DISTINCT FROM OLD.deployment_id AND NEW.status <> 'deployed' THEN
        RAISE EXCEPTION 'warden: only a deployed promotion names a deployment' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER promotion_requests_transition BEFORE UPDATE ON "promotion_requests" FOR EACH ROW EXECUTE FUNCTION warden_promotion_request_transition();

-- Approvals come from an active lead or admin other than the requester, on an open request.
CREATE FUNCTION warden_promotion_approval_allowed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    request promotion_requests%ROWTYPE;
BEGIN
    SELECT * INTO request FROM promotion_requests WHERE id = NEW.request_id;
    IF request.requested_by_id = NEW.approver_id THEN
        RAISE EXCEPTION 'warden: the requester cannot approve or reject their own promotion request' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request.status NOT IN ('requested', 'approved') THEN
        RAISE EXCEPTION 'warden: promotion request % is %', request.id, request.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.approver_id AND active AND role IN ('lead', 'admin')) THEN
        RAISE EXCEPTION 'warden: only an active lead or admin decides on a promotion' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER promotion_approvals_allowed BEFORE INSERT ON "promotion_approvals" FOR EACH ROW EXECUTE FUNCTION warden_promotion_approval_allowed();
