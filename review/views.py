"""Admin views of the review chains: the 网站管理员's site pipeline and the reviewer's tier change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.models import ItemPage, ReviewTier
from orgs.isolation import object_in_user_sites
from orgs.permissions import administered_site_ids

from .chains import tier_choices
from .queues import awaiting_rows, pipeline_rows
from .tiers import TierChangeRefused, change_tier

PIPELINE_PAGE_SIZE = 50


def pipeline(request):
    """站点审核进度: every item under review on the sites this person administers, oldest first; with ?mine=1,
    everything waiting for this person's own signature (the full list behind the dashboard panel)."""
    try:
        page_number = max(1, int(request.GET.get("p", "1")))
    except ValueError:
        page_number = 1
    offset = (page_number - 1) * PIPELINE_PAGE_SIZE
    if request.GET.get("mine"):
        mine = awaiting_rows(request.user)
        rows, total = mine[offset: offset + PIPELINE_PAGE_SIZE], len(mine)
    else:
        site_ids = administered_site_ids(request.user)
        if site_ids is not None and not site_ids:
            raise PermissionDenied
        rows, total = pipeline_rows(request.user, offset=offset, limit=PIPELINE_PAGE_SIZE)
    paginator = Paginator(range(total), PIPELINE_PAGE_SIZE)
    return TemplateResponse(request, "review/pipeline.html", {
        "rows": rows, "total": total, "page_obj": paginator.get_page(page_number), "tiers": tier_choices(),
    })


@require_POST
def change_item_tier(request, page_id):
    """提高审核级别 (any reviewer) / 降低审核级别 (网站管理员, with a reason)."""
    item = get_object_or_404(ItemPage, pk=page_id).specific
    if not object_in_user_sites(request.user, item):
        raise PermissionDenied
    try:
        change_tier(item, request.POST.get("tier", ""), request.user, reason=request.POST.get("reason", ""))
    except TierChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("《%(t)s》的审核级别已改为“%(l)s”。") % {"t": item.title, "l": ReviewTier(item.review_tier).label})
    back = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if safe and back else "wagtailadmin_home")
