from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    label = "govsites"
    verbose_name = "站群"

    def ready(self):
        from . import signals  # noqa: F401
