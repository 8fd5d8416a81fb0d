-- Search over executions lives in its own table, filled asynchronously by the indexer
-- (lib/search/indexPendingExecutions.ts): ingest's COPY into "executions" never maintains text
-- indexes. Derived data, rebuildable from "executions", not part of the ledger.

-- Trigram indexes make substring search work in any language and inside identifiers.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text search matches: prompt, arguments, output (a JSON string as its plain text) and error,
-- lower-cased once so matching needs no per-row lower(). The indexer stores it; queries over the
-- not-yet-indexed tail compute it from "executions", so both see exactly the same text.
CREATE FUNCTION warden_search_text(prompt text, arguments jsonb, output jsonb, error text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(coalesce(prompt, '') || E'\n' || coalesce(arguments::text, '') || E'\n'
        || coalesce(CASE WHEN jsonb_typeof(output) = 'string' THEN output #>> '{}' ELSE output::text END, '')
        || E'\n' || coalesce(error, ''))
$$;

-- CreateTable
CREATE TABLE "execution_search" (
    "environment" "Environment" NOT NULL,
    "seq" BIGINT NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "id" TEXT NOT NULL,
    "server_name" TEXT,
    "method" TEXT,
    "tool_name" TEXT,
    "tool_version" TEXT,
    "input_schema_hash" TEXT,
    "prompt_name" TEXT,
    "prompt_version" TEXT,
    "model" TEXT,
    "user_id" TEXT,
    "session_id" TEXT,
    "agent_id" TEXT,
    "is_error" BOOLEAN NOT NULL,
    "duration_ms" DOUBLE PRECISION,
    "facets" TEXT[],
    "search_text" TEXT NOT NULL,

    CONSTRAINT "execution_search_pkey" PRIMARY KEY ("environment", "seq")
);

-- CreateIndex: keyset pages in time and duration order.
CREATE INDEX "execution_search_environment_timestamp_seq_idx" ON "execution_search"("environment", "timestamp", "seq");
CREATE INDEX "execution_search_environment_duration_ms_seq_idx" ON "execution_search"("environment", "duration_ms", "seq");

-- CreateIndex: one GIN index for every equality filter (facets "<environment>|<filter>=<value>") and
-- the text's trigrams (substring LIKE, word-start regex). One index, not two: GIN intersects
-- "common filter AND common word" inside one scan, where two bitmaps cost ten times as much.
CREATE INDEX "execution_search_facets_search_text_idx" ON "execution_search" USING GIN ("facets", "search_text" gin_trgm_ops);

-- CreateTable: every execution with seq < next_seq is in execution_search; queries read the rest
-- straight from "executions", so results stay complete while the indexer catches up.
CREATE TABLE "execution_search_progress" (
    "environment" "Environment" NOT NULL,
    "next_seq" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "execution_search_progress_pkey" PRIMARY KEY ("environment")
);

INSERT INTO "execution_search_progress" ("environment") VALUES ('staging'), ('production');
