"""Columns for the admin's listings that show a value in Chinese where Wagtail would print the raw Python value
(a BooleanField in `list_display` renders as "True"/"False")."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn


def boolean_column(model, field_name):
    """A model's BooleanField as a ✓/✗ column titled 是/否 (wagtailadmin/tables/boolean_cell.html), labelled and
    sortable like the plain field name would be."""
    field = model._meta.get_field(field_name)
    return BooleanColumn(field_name, label=capfirst(field.verbose_name), sort_key=field_name)


# Django names each model's permissions "Can add <model>" in English whatever the language (auth.management),
# and `migrate` stores Wagtail's own permission names untranslated; the group screens show these names.
PERMISSION_ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def name_permissions_in_chinese(app_config=None, verbosity=1, using="default", apps=None, **kwargs):
    """post_migrate receiver: give every permission a Chinese name, as the group and page-permission screens
    show it. Codenames, which the permission checks use, are untouched."""
    from django.conf import settings
    from django.contrib.auth import get_permission_codename
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.utils import translation

    if app_config is not None and apps is not None:
        # auth creates the sender's permissions in its own receiver, which may run after this one.
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.select_related("content_type"):
            model = permission.content_type.model_class()
            action = permission.codename.split("_", 1)[0]
            if (
                model is not None
                and action in PERMISSION_ACTIONS
                and permission.codename == get_permission_codename(action, model._meta)
                and permission.name == f"Can {action} {model._meta.verbose_name_raw}"
            ):
                name = f"可{PERMISSION_ACTIONS[action]}{model._meta.verbose_name}"
            else:
                name = translation.gettext(permission.name)
            if name != permission.name:
                permission.name = name[: Permission._meta.get_field("name").max_length]
                permission.save(update_fields=["name"])


def label_wagtail_site_columns():
    """Wagtail's 站点 list (wagtail.sites.views.IndexView) gives three columns no label, so Wagtail derives
    "Port", "Site name" and "Root page" from the attribute names; label them with the model's field names."""
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.label == capfirst(column.name.replace("_", " ")):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


# Wagtail's link chooser forms leave these fields unlabelled, so Django derives English labels from their names.
LINK_CHOOSER_LABELS = {
    "link_text": _("链接文字"),
    "email_address": _("电子邮箱地址"),
    "subject": _("邮件主题"),
    "body": _("邮件正文"),
    "phone_number": _("电话号码"),
}


def label_link_chooser_fields():
    from wagtail.admin.forms import choosers

    for form in (choosers.ExternalLinkChooserForm, choosers.AnchorLinkChooserForm,
                 choosers.EmailLinkChooserForm, choosers.PhoneLinkChooserForm):
        for name, field in form.base_fields.items():
            if name in LINK_CHOOSER_LABELS and field.label is None:
                field.label = LINK_CHOOSER_LABELS[name]


def label_task_chooser_type_field():
    """Wagtail's task chooser adds its 类型 filter (once there is more than one task type, as the review chains'
    steps make it) without a label, so Django prints the field name "Task type" in English."""
    from wagtail.admin.forms.workflows import TaskChooserSearchForm

    if getattr(TaskChooserSearchForm, "_task_type_labelled", False):
        return
    wagtail_init = TaskChooserSearchForm.__init__

    def init_with_label(self, *args, **kwargs):
        wagtail_init(self, *args, **kwargs)
        if "task_type" in self.fields:
            self.fields["task_type"].label = _("任务类型")

    TaskChooserSearchForm.__init__ = init_with_label
    TaskChooserSearchForm._task_type_labelled = True
