from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = _("政民互动")
    default_auto_field = "django.db.models.BigAutoField"
