"""The engine's own structure, for the database in use (search.engine.database reads it):
SQLite — an FTS5 table over the segmented text, kept in step with search_searchentry by triggers;
PostgreSQL — a generated tsvector column ('simple' configuration over the segmented text: title weighted A,
body B) with a GIN index."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, content='search_searchentry', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.page_id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.page_id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.page_id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.page_id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER search_fts_update", "DROP TRIGGER search_fts_delete", "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]
POSTGRESQL_FORWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED""",
    "CREATE INDEX search_searchentry_vector_gin ON search_searchentry USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX search_searchentry_vector_gin", "ALTER TABLE search_searchentry DROP COLUMN search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"govsite search has no database engine for {vendor}")
        for sql in statements[vendor]:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
