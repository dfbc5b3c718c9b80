"""PostgreSQL: matching moves to a narrow table, search_match (issue 12: search p95 ≤ 100 ms at 200,000 items).

A common term matches tens of thousands of entries, and the engine reads each match's date and filters. Read from
search_searchentry, every match cost about one heap page (rows of about 1.5 kB: body, terms and vectors inline).
search_match holds only what matching, filtering and ordering need (page id, site, date, type, tree path) and the
two tsvectors, which a toast_tuple_target of 128 bytes keeps out of line; its GIN indexes answer the match without a
recheck, so a match costs a few dozen bytes of heap. Triggers keep it in step with search_searchentry (as the FTS5
triggers do on SQLite), TRUNCATE included (test database flushes). The wide table keeps the text for snippets and
loses its own vectors and GIN indexes. SQLite needs nothing: FTS5 is already its narrow match structure."""

from django.db import migrations

VECTOR = ("setweight(to_tsvector('simple'::regconfig, NEW.title_terms), 'A') "
          "|| setweight(to_tsvector('simple'::regconfig, NEW.body_terms), 'B')")
TITLE_VECTOR = "to_tsvector('simple'::regconfig, NEW.title_terms)"

POSTGRESQL_FORWARD = [
    """CREATE TABLE search_match (
        page_id integer PRIMARY KEY,
        site_id integer NOT NULL,
        publish_date timestamp with time zone NULL,
        page_type varchar(60) NOT NULL,
        page_path varchar(255) NOT NULL,
        vector tsvector NOT NULL,
        title_vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    f"""CREATE FUNCTION search_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM search_match WHERE page_id = OLD.page_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_match (page_id, site_id, publish_date, page_type, page_path, vector, title_vector)
            VALUES (NEW.page_id, NEW.site_id, NEW.publish_date, NEW.page_type, NEW.page_path, {VECTOR}, {TITLE_VECTOR});
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_match_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_match;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_match_sync AFTER INSERT OR UPDATE OR DELETE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_match_sync()""",
    """CREATE TRIGGER search_match_truncate AFTER TRUNCATE ON search_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_match_truncate()""",
    # existing entries: their vectors as 0002/0003 generated them (the same expressions), no re-parsing
    """INSERT INTO search_match (page_id, site_id, publish_date, page_type, page_path, vector, title_vector)
        SELECT page_id, site_id, publish_date, page_type, page_path, search_vector, title_vector FROM search_searchentry""",
    "CREATE INDEX search_match_vector_gin ON search_match USING gin (vector)",
    "CREATE INDEX search_match_title_vector_gin ON search_match USING gin (title_vector)",
    "DROP INDEX search_searchentry_title_vector_gin",
    "DROP INDEX search_searchentry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN title_vector",
    "ALTER TABLE search_searchentry DROP COLUMN search_vector",
]
POSTGRESQL_BACKWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED""",
    "CREATE INDEX search_searchentry_vector_gin ON search_searchentry USING gin (search_vector)",
    """ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title_terms)) STORED""",
    "CREATE INDEX search_searchentry_title_vector_gin ON search_searchentry USING gin (title_vector)",
    "DROP TRIGGER search_match_truncate ON search_searchentry",
    "DROP TRIGGER search_match_sync ON search_searchentry",
    "DROP FUNCTION search_match_truncate()",
    "DROP FUNCTION search_match_sync()",
    "DROP TABLE search_match",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_vector_for_candidates")]

    operations = [migrations.RunPython(_run({"postgresql": POSTGRESQL_FORWARD}), _run({"postgresql": POSTGRESQL_BACKWARD}))]
