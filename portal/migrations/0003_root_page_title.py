"""The tree's root page, which the move and copy choosers and the page search show, is titled "Root" by
Wagtail's install data; name it in Chinese like the root collection (0002)."""

from django.db import migrations

ROOT_TITLE = "全部网站"


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=ROOT_TITLE).update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_platform_defaults")]

    operations = [migrations.RunPython(rename_root, restore_root)]
