"""The review queues (review.queues) list the task states in progress oldest first, a page at a time: a partial
index on wagtailcore_taskstate (started_at, id) WHERE status = 'in_progress' lets the database walk them in order
instead of sorting every task state ever recorded. Wagtail's table, so plain SQL (valid on PostgreSQL and SQLite)."""

from django.db import migrations

INDEX = "review_taskstate_in_progress_queue"


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0003_merge_review_chains_and_approval"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_taskstate (started_at, id) WHERE status = 'in_progress'",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
