"""PostgreSQL: a tsvector of the title alone with its own GIN index, so the engine can take the newest title matches
as ranking candidates without reading every match's whole vector (search.engine.database). SQLite needs nothing:
FTS5 ranks by bm25 with the title weighted inside the MATCH query."""

from django.db import migrations

POSTGRESQL_FORWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title_terms)) STORED""",
    "CREATE INDEX search_searchentry_title_vector_gin ON search_searchentry USING gin (title_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX search_searchentry_title_vector_gin", "ALTER TABLE search_searchentry DROP COLUMN title_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_structures")]

    operations = [migrations.RunPython(_run({"postgresql": POSTGRESQL_FORWARD}), _run({"postgresql": POSTGRESQL_BACKWARD}))]
