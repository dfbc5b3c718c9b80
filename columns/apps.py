from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    name = "columns"
    verbose_name = "栏目"

    def ready(self):
        from . import filing, signals  # noqa: F401
