from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "单位与账号"

    def ready(self):
        from . import account_hooks  # noqa: F401  (registers the 本站账号 log actions)
