from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户展示"

    def ready(self):
        from .admin_display import (
            label_link_chooser_fields, label_task_chooser_type_field, label_wagtail_site_columns,
            name_permissions_in_chinese,
        )

        from . import cache_signals

        cache_signals.connect()
        label_wagtail_site_columns()
        label_link_chooser_fields()
        label_task_chooser_type_field()
        post_migrate.connect(name_permissions_in_chinese, dispatch_uid="portal.name_permissions_in_chinese")
