-- Prompt registry (lib/prompts): prompts, immutable versions, environment labels and their history.

-- CreateTable: a registered prompt. Never deleted (its versions are referenced by releases and by
-- drift alerts); ids are text holding a uuid, as contract C3 fixes for prompt_versions.
CREATE TABLE "prompts" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "owner" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "prompts_name_format" CHECK ("name" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')
);

-- CreateTable: immutable versions. template_checksum is recomputed by the database itself, so a row
-- can never claim a checksum its template does not have.
CREATE TABLE "prompt_versions" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "prompt_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "tag" TEXT,
    "template" TEXT NOT NULL,
    "variables" TEXT[],
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "checksum" TEXT NOT NULL,
    "template_checksum" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "author_id" UUID,
    "message" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "prompt_versions_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "prompt_versions_version_positive" CHECK ("version" >= 1),
    CONSTRAINT "prompt_versions_checksum_format" CHECK ("checksum" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "prompt_versions_template_checksum_matches" CHECK ("template_checksum" = encode(sha256(convert_to("template", 'UTF8')), 'hex')),
    CONSTRAINT "prompt_versions_parameters_object" CHECK (jsonb_typeof("parameters") = 'object')
);

-- CreateTable: which version each environment runs (one row per prompt and environment).
CREATE TABLE "prompt_labels" (
    "prompt_id" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "prompt_version_id" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_labels_pkey" PRIMARY KEY ("prompt_id","environment"),
    CONSTRAINT "prompt_labels_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "prompt_labels_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "prompt_labels_not_console" CHECK ("environment" <> 'console')
);

-- CreateTable: every label move, written by the trigger below; append-only.
CREATE TABLE "prompt_label_moves" (
    "id" BIGSERIAL NOT NULL,
    "prompt_id" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "from_version_id" TEXT,
    "to_version_id" TEXT,
    "moved_by" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "moved_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_label_moves_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "prompts_name_key" ON "prompts"("name");
CREATE UNIQUE INDEX "prompt_versions_prompt_id_version_key" ON "prompt_versions"("prompt_id", "version");
CREATE UNIQUE INDEX "prompt_versions_prompt_id_tag_key" ON "prompt_versions"("prompt_id", "tag");
CREATE INDEX "prompt_versions_checksum_idx" ON "prompt_versions"("checksum");
CREATE INDEX "prompt_versions_template_checksum_idx" ON "prompt_versions"("template_checksum");
CREATE INDEX "prompt_labels_prompt_version_id_idx" ON "prompt_labels"("prompt_version_id");
CREATE INDEX "prompt_label_moves_prompt_id_environment_moved_at_idx" ON "prompt_label_moves"("prompt_id", "environment", "moved_at");

-- Versions are immutable: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION warden_reject_prompt_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'warden: % on % is not allowed: prompt versions are immutable (add a new version instead)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE OR DELETE ON "prompt_versions"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_prompt_version_change();
CREATE TRIGGER prompt_versions_no_truncate BEFORE TRUNCATE ON "prompt_versions"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_prompt_version_change();
CREATE TRIGGER prompts_no_delete BEFORE DELETE ON "prompts"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_prompt_version_change();
CREATE TRIGGER prompts_no_truncate BEFORE TRUNCATE ON "prompts"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_prompt_version_change();
CREATE TRIGGER prompt_label_moves_append_only BEFORE UPDATE OR DELETE ON "prompt_label_moves"
    FOR EACH ROW EXECUTE FUNCTION warden_reject_change();
CREATE TRIGGER prompt_label_moves_no_truncate BEFORE TRUNCATE ON "prompt_label_moves"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();

-- Version numbers are gapless per prompt: the next one is always max + 1 (the unique index settles races).
CREATE FUNCTION warden_prompt_version_sequential() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    expected integer;
BEGIN
    SELECT COALESCE(max("version"), 0) + 1 INTO expected FROM "prompt_versions" WHERE "prompt_id" = NEW."prompt_id";
    IF NEW."version" <> expected THEN
        RAISE EXCEPTION 'warden: prompt version % is out of sequence (next is %)', NEW."version", expected
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER prompt_versions_sequential BEFORE INSERT ON "prompt_versions"
    FOR EACH ROW EXECUTE FUNCTION warden_prompt_version_sequential();

-- Labels: the version must belong to the prompt; the production label moves (or goes) only inside a
-- release deploy, which sets warden.prompt_label_via = 'release' for its own transaction
-- (lib/prompts/applyReleasePromptLabels.ts). Every move is appended to prompt_label_moves.
CREATE FUNCTION warden_prompt_label_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    via text := COALESCE(NULLIF(current_setting('warden.prompt_label_via', true), ''), 'direct');
    actor text := COALESCE(NULLIF(current_setting('warden.prompt_label_actor', true), ''), current_user);
    env "Environment" := CASE WHEN TG_OP = 'DELETE' THEN OLD."environment" ELSE NEW."environment" END;
BEGIN
    IF (env = 'production' OR (TG_OP = 'UPDATE' AND OLD."environment" = 'production')) AND via <> 'release' THEN
        RAISE EXCEPTION 'warden: the production label of a prompt moves only through a release promotion'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW."prompt_id" <> OLD."prompt_id" OR NEW."environment" <> OLD."environment") THEN
        RAISE EXCEPTION 'warden: a label cannot change prompt or environment' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP <> 'DELETE' AND NOT EXISTS (
        SELECT 1 FROM "prompt_versions" WHERE "id" = NEW."prompt_version_id" AND "prompt_id" = NEW."prompt_id") THEN
        RAISE EXCEPTION 'warden: version % is not a version of prompt %', NEW."prompt_version_id", NEW."prompt_id"
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        INSERT INTO "prompt_label_moves" ("prompt_id", "environment", "from_version_id", "to_version_id", "moved_by", "via")
        VALUES (OLD."prompt_id", OLD."environment", OLD."prompt_version_id", NULL, actor, via);
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' OR NEW."prompt_version_id" <> OLD."prompt_version_id" THEN
        INSERT INTO "prompt_label_moves" ("prompt_id", "environment", "from_version_id", "to_version_id", "moved_by", "via")
        VALUES (NEW."prompt_id", NEW."environment", CASE WHEN TG_OP = 'UPDATE' THEN OLD."prompt_version_id" END, NEW."prompt_version_id", actor, via);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER prompt_labels_guard BEFORE INSERT OR UPDATE OR DELETE ON "prompt_labels"
    FOR EACH ROW EXECUTE FUNCTION warden_prompt_label_guard();
CREATE TRIGGER prompt_labels_no_truncate BEFORE TRUNCATE ON "prompt_labels"
    FOR EACH STATEMENT EXECUTE FUNCTION warden_reject_change();
