from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = "监测与考核"
    default_auto_field = "django.db.models.BigAutoField"
