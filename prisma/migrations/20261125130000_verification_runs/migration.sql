-- CreateTable: each `Verify` run of a log from the console, with its progress and outcome.
CREATE TABLE "verification_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "environment" "Environment" NOT NULL,
    "started_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "total" BIGINT NOT NULL,
    "verified" BIGINT NOT NULL DEFAULT 0,
    "checkpoints_checked" INTEGER NOT NULL DEFAULT 0,
    "ok" BOOLEAN,
    "problem_seq" BIGINT,
    "problem" TEXT,

    CONSTRAINT "verification_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "verification_runs_environment_started_at_idx" ON "verification_runs"("environment", "started_at");
