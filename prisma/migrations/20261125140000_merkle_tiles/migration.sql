-- CreateTable: the root hash of every complete, aligned 256-leaf subtree (a height-8 "tile", as in
-- tlog tiles) of each log's Merkle tree, so an inclusion or consistency proof reads size/256 of
-- these plus at most two tiles of leaves instead of every leaf hash. Filled by the checkpoint job
-- and lazily by proofs. A full tile never changes, so its row never does either.
CREATE TABLE "merkle_tiles" (
    "environment" "Environment" NOT NULL,
    "tile" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "merkle_tiles_pkey" PRIMARY KEY ("environment","tile")
);

CREATE TRIGGER merkle_tiles_append_only BEFORE UPDATE OR DELETE ON "merkle_tiles"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER merkle_tiles_no_truncate BEFORE TRUNCATE ON "merkle_tiles"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
