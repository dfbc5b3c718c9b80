"""A prefix index on wagtailcore_page.path for PostgreSQL.

Every page-tree question (children, descendants: a column's items, a site's pages) is `path LIKE 'prefix%'`.
Wagtail's unique index on path uses the database collation, which PostgreSQL cannot use for LIKE unless the
collation is C, so those questions scanned the whole page table: their cost grew with the size of the 站群, not
with the answer (issue 11: an article of one site took 40 ms instead of 16 ms once another site held 100,000
items). varchar_pattern_ops serves LIKE 'prefix%'. SQLite and other databases are left as they are."""

from django.db import migrations

INDEXES = {
    "govsite_page_path_prefix": '("path" varchar_pattern_ops)',  # descendants
    # children (navigation, routing): depth first, so a home page's children are found without walking the
    # 200,000 items below it
    "govsite_page_depth_path_prefix": '("depth", "path" varchar_pattern_ops)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "wagtailcore_page" {columns}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_root_page_title"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
