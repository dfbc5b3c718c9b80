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
        rows, total = awaiting_rows(request.user, offset=offset, limit=PIPELINE_PAGE_SIZE)
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


# --- 多部门综合性信息: the joint departments' read-only view (003 第十四条 谁牵头、谁负责) -------------------------


def _item_status(item, form=None):
    if form is not None and form.status == "审核中":
        return _("审核中")
    if item.live and not item.has_unpublished_changes:
        return _("已发布")
    if item.live:
        return _("已发布（有未发布的修改）")
    return _("草稿") if form is None else form.status


def joint_items(request):
    """参与部门信息: the items naming the person's department as a joint department."""
    from wagtail.models import WorkflowState

    from .joint import joint_items_for

    items = list(joint_items_for(request.user)[:200])
    in_review = {
        int(pk) for pk in WorkflowState.objects.active().filter(object_id__in=[str(i.pk) for i in items]).values_list("object_id", flat=True)
    }
    rows = [(item, _("审核中") if item.pk in in_review else _item_status(item)) for item in items]
    return TemplateResponse(request, "review/joint_list.html", {"rows": rows})


def joint_item(request, page_id):
    """One joint item, read-only: its latest content and its review progress (the 审批表 so far)."""
    from django.http import Http404

    from .joint import may_view_as_joint, review_progress

    item = get_object_or_404(ItemPage, pk=page_id)
    if not may_view_as_joint(request.user, item):
        raise Http404
    form, to_come = review_progress(item)
    return TemplateResponse(request, "review/joint_item.html", {
        "item": item, "revision": item.get_latest_revision_as_object(), "joint": item.joint_departments.all(),
        "form": form, "to_come": to_come, "status": _item_status(item, form),
    })
