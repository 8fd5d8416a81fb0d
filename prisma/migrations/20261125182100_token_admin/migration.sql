-- Token administration (issue #11): a source-network allow-list, rotation with a grace period, and
-- the agent a token is for (its scopes are capped by that agent's policy).
ALTER TABLE "api_tokens" ADD COLUMN "allowed_cidrs" TEXT[] DEFAULT '{}';
-- A rotated token keeps working until its expires_at (set to the end of the grace period), then
-- fails with the reason `rotated`.
ALTER TABLE "api_tokens" ADD COLUMN "superseded_at" TIMESTAMPTZ(3);
ALTER TABLE "api_tokens" ADD COLUMN "rotated_from_id" UUID;
ALTER TABLE "api_tokens" ADD COLUMN "agent_id" TEXT;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_rotated_from_id_fkey" FOREIGN KEY ("rotated_from_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
