-- The JSON columns of executions keep the text ingest wrote (json) instead of a parsed tree (jsonb).
-- Ingest already writes each value as its RFC 8785 canonical text, the very bytes hashed into the
-- leaf, so json stores exactly those. Verification reads every row back: printing jsonb as text was
-- more than half of the server's work per row (binary COPY of 200k rows: 1.8–2.0 s with jsonb,
-- 0.8–1.0 s with json), and the canonical text needs no reordering. Rows stored before this keep
-- jsonb's text form, which verification still canonicalises. Nothing queries into these columns
-- with jsonb operators; the search text below is their text either way.

ALTER TABLE "executions"
    ALTER COLUMN "arguments" SET DATA TYPE JSON USING "arguments"::json,
    ALTER COLUMN "output" SET DATA TYPE JSON USING "output"::json,
    ALTER COLUMN "side_effects" SET DATA TYPE JSON USING "side_effects"::json,
    ALTER COLUMN "attributes" SET DATA TYPE JSON USING "attributes"::json;

DROP FUNCTION warden_search_text(text, jsonb, jsonb, text);

CREATE FUNCTION warden_search_text(prompt text, arguments json, output json, error text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(coalesce(prompt, '') || E'\n' || coalesce(arguments::text, '') || E'\n'
        || coalesce(CASE WHEN json_typeof(output) = 'string' THEN output #>> '{}' ELSE output::text END, '')
        || E'\n' || coalesce(error, ''))
$$;
