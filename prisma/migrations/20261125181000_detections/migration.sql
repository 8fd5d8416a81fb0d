-- Detections (lib/detect): alerts with evidence, status, assignee and notes; the detection runner's
-- cursor per environment; per-minute and per-hour rollups the anomaly charts read; and the small
-- state the statistical detectors keep (5-minute windows per subject, first sightings, failure bursts
-- per session). All of it is derived from "executions" by the background runner, never by ingest.

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged', 'resolved', 'false_positive');

-- CreateTable: one alert per detection; while one with the same (environment, dedupe_key) is open or
-- acknowledged, new evidence is appended to it (raiseAlert takes an advisory lock on the key).
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "environment" "Environment" NOT NULL,
    "detector" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "subject_tool" TEXT,
    "subject_user" TEXT,
    "subject_agent" TEXT,
    "subject_session" TEXT,
    "subject_prompt" TEXT,
    "subject_release" TEXT,
    "link" TEXT,
    "evidence_seqs" BIGINT[],
    "evidence_count" INTEGER NOT NULL DEFAULT 0,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "assignee" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notified_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alerts_not_console" CHECK ("environment" <> 'console')
);

CREATE INDEX "alerts_environment_status_last_seen_at_idx" ON "alerts"("environment", "status", "last_seen_at");
CREATE INDEX "alerts_environment_dedupe_key_idx" ON "alerts"("environment", "dedupe_key");
CREATE INDEX "alerts_environment_first_seen_at_idx" ON "alerts"("environment", "first_seen_at");

-- CreateTable: notes on an alert, append-only like case notes.
CREATE TABLE "alert_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "alert_id" UUID NOT NULL,
    "author" TEXT NOT NULL,
    "author_id" UUID,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_notes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_notes_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "alert_notes_alert_id_created_at_idx" ON "alert_notes"("alert_id", "created_at");
CREATE TRIGGER alert_notes_append_only BEFORE UPDATE OR DELETE ON "alert_notes"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER alert_notes_no_truncate BEFORE TRUNCATE ON "alert_notes"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();

-- CreateTable: the runner's cursor. Every log entry with seq < next_seq has been examined once; the
-- cursor moves in the same transaction as the alerts, rollups and state that batch produced.
CREATE TABLE "detection_progress" (
    "environment" "Environment" NOT NULL,
    "next_seq" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "detection_progress_pkey" PRIMARY KEY ("environment")
);
INSERT INTO "detection_progress" ("environment") VALUES ('staging'), ('production');

-- CreateTable: per-minute rollup per tool (or method when there is no tool): calls, errors and a
-- latency histogram (lib/detect/rollups/latencyHistogram.ts) so charts can draw p95 without rows.
CREATE TABLE "rollup_minutes" (
    "environment" "Environment" NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "tool" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "duration_sum" DOUBLE PRECISION NOT NULL,
    "latency_buckets" INTEGER[],

    CONSTRAINT "rollup_minutes_pkey" PRIMARY KEY ("environment", "minute", "tool")
);

-- CreateTable: the same per hour (long ranges read 60 times fewer rows).
CREATE TABLE "rollup_hours" (
    "environment" "Environment" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "tool" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "duration_sum" DOUBLE PRECISION NOT NULL,
    "latency_buckets" INTEGER[],

    CONSTRAINT "rollup_hours_pkey" PRIMARY KEY ("environment", "hour", "tool")
);

-- CreateTable: per-hour calls per user: top users, and each user's usual hours.
CREATE TABLE "rollup_user_hours" (
    "environment" "Environment" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "rollup_user_hours_pkey" PRIMARY KEY ("environment", "hour", "user_id")
);
CREATE INDEX "rollup_user_hours_environment_user_id_hour_idx" ON "rollup_user_hours"("environment", "user_id", "hour");

-- CreateTable: the same per day, so "top users" over 30 days reads 24 times fewer rows.
CREATE TABLE "rollup_user_days" (
    "environment" "Environment" NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "rollup_user_days_pkey" PRIMARY KEY ("environment", "day", "user_id")
);

-- CreateTable: 5-minute windows per subject ("tool:<t>", "user:<u>", "user_tool:<u>|<t>") that the
-- rate, error and latency baselines are computed from; pruned after the baseline horizon.
CREATE TABLE "detection_windows" (
    "environment" "Environment" NOT NULL,
    "subject" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "latency_buckets" INTEGER[],

    CONSTRAINT "detection_windows_pkey" PRIMARY KEY ("environment", "subject", "window_start")
);
CREATE INDEX "detection_windows_environment_window_start_idx" ON "detection_windows"("environment", "window_start");

-- CreateTable: when each subject ("user:<u>", "agent:<a>", "user_tool:…", "agent_tool:…", "tool:<t>")
-- was first seen, by execution timestamp: first-use detection and baseline learning periods. For
-- "schema:<tool>@<version>#<hash>" subjects `seen` counts calls: the commonest hash is the reference.
CREATE TABLE "detection_first_seen" (
    "environment" "Environment" NOT NULL,
    "subject" TEXT NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "seen" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "detection_first_seen_pkey" PRIMARY KEY ("environment", "subject")
);

-- CreateTable: recent failed or denied calls per session (times and seqs, newest last, capped):
-- bursts of them in one session are what repeated exfiltration attempts look like.
CREATE TABLE "detection_session_failures" (
    "environment" "Environment" NOT NULL,
    "session_id" TEXT NOT NULL,
    "failure_times" TIMESTAMPTZ(3)[],
    "failure_seqs" BIGINT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "detection_session_failures_pkey" PRIMARY KEY ("environment", "session_id")
);
CREATE INDEX "detection_session_failures_updated_at_idx" ON "detection_session_failures"("updated_at");
