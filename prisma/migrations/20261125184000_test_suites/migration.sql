-- Regression and safety suites (lib/suites): versioned test cases per tool or prompt, dry runs of a
-- release against the staging MCP server, and per-case results that the promotion gate reads.

-- CreateEnum
CREATE TYPE "TestCaseKind" AS ENUM ('regression', 'attack');

-- CreateEnum
CREATE TYPE "TestRunStatus" AS ENUM ('running', 'passed', 'failed', 'error');

-- CreateEnum
CREATE TYPE "TestCaseOutcome" AS ENUM ('passed', 'failed', 'error');

-- CreateTable: one suite per tool or prompt (its subject).
CREATE TABLE "test_suites" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "subject_kind" TEXT NOT NULL,
    "subject_name" TEXT NOT NULL,
    "description" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_suites_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "test_suites_subject_kind" CHECK ("subject_kind" IN ('tool', 'prompt'))
);

-- CreateTable: an immutable version of a suite: its cases and the built-in attacks enabled for it.
CREATE TABLE "test_suite_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "suite_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "attacks" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "attack_options" JSONB,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_suite_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "test_suite_versions_suite_id_fkey" FOREIGN KEY ("suite_id") REFERENCES "test_suites"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable: the cases of a suite version (hand-written and expanded from the attack library).
CREATE TABLE "test_cases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "suite_version_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "TestCaseKind" NOT NULL,
    "method" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "expectations" JSONB NOT NULL,
    "attack_id" TEXT,

    CONSTRAINT "test_cases_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "test_cases_suite_version_id_fkey" FOREIGN KEY ("suite_version_id") REFERENCES "test_suite_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "test_cases_method" CHECK ("method" IN ('tools/call', 'prompts/get', 'tools/list'))
);

-- CreateTable: the suite versions that are part of a release (frozen when its first run starts).
CREATE TABLE "release_suite_versions" (
    "release_id" TEXT NOT NULL,
    "suite_version_id" UUID NOT NULL,
    "attached_by" TEXT NOT NULL,
    "attached_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_suite_versions_pkey" PRIMARY KEY ("release_id","suite_version_id"),
    CONSTRAINT "release_suite_versions_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "release_suite_versions_suite_version_id_fkey" FOREIGN KEY ("suite_version_id") REFERENCES "test_suite_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable: one dry run of a release. Staging only, by constraint: a run never touches production.
CREATE TABLE "test_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "release_id" TEXT NOT NULL,
    "environment" "Environment" NOT NULL DEFAULT 'staging',
    "status" "TestRunStatus" NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL,
    "started_by" TEXT NOT NULL,
    "started_by_id" UUID,
    "target" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "token_prefix" TEXT,
    "summary" TEXT,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errored" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "test_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "test_runs_staging_only" CHECK ("environment" = 'staging'),
    CONSTRAINT "test_runs_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateTable: pass/fail per case with its evidence (the execution it made, what was wrong).
CREATE TABLE "test_case_results" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "case_name" TEXT NOT NULL,
    "kind" "TestCaseKind" NOT NULL,
    "target" TEXT NOT NULL,
    "outcome" "TestCaseOutcome" NOT NULL,
    "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "duration_ms" DOUBLE PRECISION,
    "execution_seq" BIGINT,
    "tool_version" TEXT,
    "evidence" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_case_results_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "test_case_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "test_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "test_case_results_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "test_cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "test_suites_name_key" ON "test_suites"("name");
CREATE UNIQUE INDEX "test_suite_versions_suite_id_version_key" ON "test_suite_versions"("suite_id", "version");
CREATE UNIQUE INDEX "test_cases_suite_version_id_name_key" ON "test_cases"("suite_version_id", "name");
CREATE INDEX "release_suite_versions_suite_version_id_idx" ON "release_suite_versions"("suite_version_id");
-- "the latest run of release R" (the gate) and the run list
CREATE INDEX "test_runs_release_id_started_at_idx" ON "test_runs"("release_id", "started_at");
CREATE INDEX "test_runs_started_at_idx" ON "test_runs"("started_at");
CREATE UNIQUE INDEX "test_case_results_run_id_case_id_key" ON "test_case_results"("run_id", "case_id");
-- a case's history across runs (trend, flakiness)
CREATE INDEX "test_case_results_case_name_created_at_idx" ON "test_case_results"("case_name", "created_at");

-- Once a release's suites are attached they stay: the gate must judge the release with what it was tested with.
CREATE TRIGGER release_suite_versions_append_only BEFORE UPDATE OR DELETE ON "release_suite_versions"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER release_suite_versions_no_truncate BEFORE TRUNCATE ON "release_suite_versions"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();

-- Suite versions and their cases are what a release was tested with: never edited, a change is a new version.
CREATE TRIGGER test_suite_versions_append_only BEFORE UPDATE OR DELETE ON "test_suite_versions"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER test_suite_versions_no_truncate BEFORE TRUNCATE ON "test_suite_versions"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER test_cases_append_only BEFORE UPDATE OR DELETE ON "test_cases"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER test_cases_no_truncate BEFORE TRUNCATE ON "test_cases"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
-- A case result is evidence for a gate decision: written once.
CREATE TRIGGER test_case_results_append_only BEFORE UPDATE OR DELETE ON "test_case_results"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER test_case_results_no_truncate BEFORE TRUNCATE ON "test_case_results"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
