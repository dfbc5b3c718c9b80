from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from .imports import IMPORTED_ACTION
from .models import ItemPage
from .publishing import REFUSED_ACTION, publication_refusals


@hooks.register("register_log_actions")
def register_publication_refused(actions):
    actions.register_action(REFUSED_ACTION, _("发布被拒绝"), _("定时发布未通过发布前检查，未上线"))
    actions.register_action(IMPORTED_ACTION, _("导入"), _("从原网站迁移导入（import_items）"))


@hooks.register("before_copy_page")
def check_copies_that_go_online(request, page):
    """A live copy or an alias in another column goes online there: that site's pre-publish checks run first,
    and a published copy is a direct publication (the review chain applies too)."""
    if request.method != "POST" or not isinstance(page.specific, ItemPage):
        return None
    alias, publish_copies = bool(request.POST.get("alias")), bool(request.POST.get("publish_copies"))
    if not (alias or publish_copies) or not page.live:
        return None
    parent = Page.objects.filter(pk=request.POST.get("new_parent_page") or 0).first()
    site = parent.get_site() if parent else None
    if site is None:
        return None
    reasons = publication_refusals(page.specific, user=request.user, direct=not alias, site=site)
    if not reasons:
        return None
    for _field, message in reasons:
        messages.error(request, message)
    return redirect("wagtailadmin_pages:copy", page.pk)
