-- AlterTable: each log's incremental RFC 6962 Merkle state (the roots of the perfect subtrees
-- covering entries 0..merkle_size-1), advanced in the ingest transaction so checkpoints never rescan.
ALTER TABLE "log_heads" ADD COLUMN "merkle_size" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN "merkle_peaks" BYTEA[];

-- CreateTable
CREATE TABLE "checkpoints" (
    "environment" "Environment" NOT NULL,
    "size" BIGINT NOT NULL,
    "root_hash" BYTEA NOT NULL,
    "signed_note" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("environment","size")
);

-- CreateTable
CREATE TABLE "ledger_keys" (
    "public_key" BYTEA NOT NULL,
    "name" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "verifier_key" TEXT NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "valid_until" TIMESTAMPTZ(3),

    CONSTRAINT "ledger_keys_pkey" PRIMARY KEY ("public_key")
);

CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON "checkpoints"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON "checkpoints"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
