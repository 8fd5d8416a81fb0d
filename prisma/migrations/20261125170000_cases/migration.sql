-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'closed');

-- CreateTable: an investigation an analyst opens in the explorer: a title, open or closed. Working
-- data, not the ledger; every change to a case is also appended to the console log (case.* actions).
CREATE TABLE "cases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "title" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "created_by" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable: executions pinned into a case as evidence, addressed like the ledger does (environment, seq).
-- Unpinning deletes the row; the console log keeps both the pin and the unpin.
CREATE TABLE "case_executions" (
    "case_id" UUID NOT NULL,
    "environment" "Environment" NOT NULL,
    "seq" BIGINT NOT NULL,
    "pinned_by" TEXT NOT NULL,
    "pinned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_executions_pkey" PRIMARY KEY ("case_id","environment","seq"),
    CONSTRAINT "case_executions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "case_executions_not_console" CHECK ("environment" <> 'console')
);

-- CreateTable: notes on a case, append-only (a correction is a new note).
CREATE TABLE "case_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "author" TEXT NOT NULL,
    "author_id" UUID,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_notes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "case_notes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "cases_status_updated_at_idx" ON "cases"("status", "updated_at");

-- CreateIndex: "which cases is this execution pinned in" (detail page, session timeline)
CREATE INDEX "case_executions_environment_seq_idx" ON "case_executions"("environment", "seq");

-- CreateIndex
CREATE INDEX "case_notes_case_id_created_at_idx" ON "case_notes"("case_id", "created_at");

CREATE TRIGGER case_notes_append_only BEFORE UPDATE OR DELETE ON "case_notes"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER case_notes_no_truncate BEFORE TRUNCATE ON "case_notes"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
