from django.dispatch import receiver
from wagtail.signals import page_published

from orgs.signals import roles_changed

from .models import ColumnPage
from .permissions import sync_site_permissions, sync_user_permissions


@receiver(roles_changed)
def derive_permissions_for_user(sender, user, **kwargs):
    sync_user_permissions(user)


@receiver(page_published, sender=ColumnPage)
def derive_permissions_for_column(sender, instance, **kwargs):
    # A column's 责任部门 changed (or it is new): its site's editors' page permissions follow.
    site = instance.get_site()
    if site is not None and not getattr(instance, "_bulk_loading", False):
        sync_site_permissions(site)
