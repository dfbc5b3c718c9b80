from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "审核发布"

    def ready(self):
        # Receivers every save and every log entry pass, whichever path (admin, command, scheduler) caused them.
        from . import attribution, normalise  # noqa: F401
