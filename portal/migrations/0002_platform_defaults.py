"""Wagtail's install data made fit for a Chinese 站群: no English welcome page answering on localhost, a
Chinese name for the root collection, and no unused "Editors" group holding rights over every site."""

from django.db import migrations

WELCOME_TITLE = "Welcome to your new Wagtail site!"


def tidy_defaults(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    welcome = Page.objects.filter(depth=2, title=WELCOME_TITLE, numchild=0, content_type__app_label="wagtailcore").first()
    if welcome is not None:
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
        Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())
    Collection.objects.filter(depth=1, name="Root").update(name="全部素材")
    Group.objects.filter(name="Editors", user__isnull=True).delete()
    # Kept until the tiered review workflow replaces them; named in Chinese meanwhile.
    Group.objects.filter(name="Moderators").update(name="审核员（默认）")
    Workflow.objects.filter(name="Moderators approval").update(name="默认审核流程")
    Task.objects.filter(name="Moderators approval").update(name="审核员审批")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # The install data of images and documents grant the default groups rights first.
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(tidy_defaults, migrations.RunPython.noop)]
