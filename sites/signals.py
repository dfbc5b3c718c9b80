from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import SiteProfile
from .services import filing_changes, record_filing


@receiver(pre_save, sender=SiteProfile)
def remember_previous(sender, instance, raw=False, **kwargs):
    # A fixture load or restore writes rows as they were stored: nothing to file.
    instance._previous = SiteProfile.objects.filter(pk=instance.pk).first() if instance.pk and not raw else None


@receiver(post_save, sender=SiteProfile)
def file_identity_changes(sender, instance, created, **kwargs):
    previous = getattr(instance, "_previous", None)
    if previous is not None:
        record_filing(instance, filing_changes(previous, instance), user=getattr(instance, "_changed_by", None))
