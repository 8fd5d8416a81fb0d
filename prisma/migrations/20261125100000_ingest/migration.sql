-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('staging', 'production');

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" BYTEA NOT NULL,
    "environment" "Environment" NOT NULL,
    "scopes" TEXT[],
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "last_used_ip" TEXT,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateTable
CREATE TABLE "log_heads" (
    "environment" "Environment" NOT NULL,
    "next_seq" BIGINT NOT NULL DEFAULT 0,
    "chain_hash" BYTEA NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_heads_pkey" PRIMARY KEY ("environment")
);

-- The chain starts from 32 zero bytes in every environment.
INSERT INTO "log_heads" ("environment", "chain_hash")
VALUES ('staging', decode(repeat('00', 32), 'hex')), ('production', decode(repeat('00', 32), 'hex'));

-- CreateTable
CREATE TABLE "ingest_keys" (
    "environment" "Environment" NOT NULL,
    "key" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "ingest_keys_pkey" PRIMARY KEY ("environment", "key")
);

-- CreateTable: partitioned by month of ingested_at (server time, so partitions made ahead always
-- fit; sender clocks cannot scatter rows). Retention drops whole partitions.
CREATE TABLE "executions" (
    "environment" "Environment" NOT NULL,
    "seq" BIGINT NOT NULL,
    "id" TEXT NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "server_name" TEXT,
    "server_version" TEXT,
    "method" TEXT,
    "tool_name" TEXT,
    "tool_version" TEXT,
    "input_schema_hash" TEXT,
    "prompt_name" TEXT,
    "prompt_version" TEXT,
    "prompt_checksum" TEXT,
    "prompt" TEXT,
    "model" TEXT,
    "model_config_version" TEXT,
    "user_id" TEXT,
    "session_id" TEXT,
    "agent_id" TEXT,
    "request_id" TEXT,
    "trace_id" TEXT,
    "span_id" TEXT,
    "arguments" JSONB,
    "output" JSONB,
    "is_error" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "duration_ms" DOUBLE PRECISION,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "side_effects" JSONB,
    "attributes" JSONB,
    "token_id" UUID,
    "raw_sha256" BYTEA NOT NULL,
    "leaf_hash" BYTEA NOT NULL,
    "chain_hash" BYTEA NOT NULL,

    CONSTRAINT "executions_pkey" PRIMARY KEY ("environment", "seq", "ingested_at")
) PARTITION BY RANGE ("ingested_at");

-- CreateIndex
CREATE INDEX "executions_environment_timestamp_idx" ON "executions"("environment", "timestamp");

-- CreateTable
CREATE TABLE "quarantined_lines" (
    "environment" "Environment" NOT NULL,
    "seq" BIGINT NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "raw_sha256" BYTEA NOT NULL,
    "token_id" UUID,
    "leaf_hash" BYTEA NOT NULL,
    "chain_hash" BYTEA NOT NULL,

    CONSTRAINT "quarantined_lines_pkey" PRIMARY KEY ("environment", "seq")
);

-- CreateIndex
CREATE INDEX "quarantined_lines_environment_ingested_at_idx" ON "quarantined_lines"("environment", "ingested_at");

-- Append-only: the audit tables refuse UPDATE, DELETE and TRUNCATE, whoever asks.
CREATE FUNCTION warden_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'warden: % on % is not allowed: the audit log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER executions_append_only BEFORE UPDATE OR DELETE ON "executions"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER executions_no_truncate BEFORE TRUNCATE ON "executions"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER quarantined_lines_append_only BEFORE UPDATE OR DELETE ON "quarantined_lines"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER quarantined_lines_no_truncate BEFORE TRUNCATE ON "quarantined_lines"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER ingest_keys_append_only BEFORE UPDATE OR DELETE ON "ingest_keys"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER ingest_keys_no_truncate BEFORE TRUNCATE ON "ingest_keys"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();

-- Monthly partitions from last month to `months_ahead` ahead, plus a default partition as a safety
-- net. Row triggers reach partitions by themselves; TRUNCATE of a partition needs its own trigger.
CREATE FUNCTION warden_ensure_execution_partitions(months_ahead integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    month_start date;
    partition_name text;
    created integer := 0;
BEGIN
    IF to_regclass('executions_default') IS NULL THEN
        CREATE TABLE executions_default PARTITION OF executions DEFAULT;
        CREATE TRIGGER no_truncate BEFORE TRUNCATE ON executions_default
            FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
    END IF;
    FOR offset_months IN -1..months_ahead LOOP
        month_start := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => offset_months))::date;
        partition_name := format('executions_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
        IF to_regclass(partition_name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF executions FOR VALUES FROM (%L) TO (%L)',
                    partition_name, month_start::timestamp AT TIME ZONE 'UTC',
                    (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC');
                EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change()', partition_name);
                created := created + 1;
            EXCEPTION WHEN check_violation THEN
                -- rows for this month already sit in the default partition; leave them there
                RAISE WARNING 'warden: partition % not created: default partition holds its rows', partition_name;
            END;
        END IF;
    END LOOP;
    RETURN created;
END
$$;

SELECT warden_ensure_execution_partitions(3);
