from django.apps import AppConfig


class SearchConfig(AppConfig):
    # Label "search"; Wagtail's own search app is labelled "wagtailsearch", so they do not clash.
    name = "search"
    verbose_name = "站内搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  the index follows publish, unpublish, move, privacy and delete
