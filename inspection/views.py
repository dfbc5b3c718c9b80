"""监测与考核 in the Wagtail admin: the rounds of the user's sites (trend per site), one round's findings, the
rectification tasks, and the quarterly / half-yearly reports as xlsx or PDF. Every list goes through
orgs.isolation.narrow_to_user_sites and every object through get_object_in_user_sites: a 网站管理员 of site A
never sees site B's rounds, findings, tasks or reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.isolation import get_object_in_user_sites, narrow_to_user_sites

from . import reports
from .models import Rectification, Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def user_profiles(user):
    from sites.models import SiteProfile
    from wagtail.models import Site

    sites = narrow_to_user_sites(Site.objects.all(), user)
    return SiteProfile.objects.filter(site__in=sites).select_related("site").order_by("id")


def rounds(request):
    profiles = list(user_profiles(request.user))
    if not profiles:
        raise PermissionDenied
    listing = narrow_to_user_sites(Round.objects.all(), request.user).select_related("site__profile")
    code = request.GET.get("site")
    if code:
        listing = listing.filter(site__profile__code=code)
    return render(request, "inspection/rounds.html", {
        "profiles": profiles, "rounds": listing[:200], "selected": code, "year": timezone.localdate().year,
    })


def round_detail(request, pk):
    inspection_round = get_object_in_user_sites(request, Round, pk=pk)
    findings = inspection_round.findings.select_related("department").order_by("-veto", "kind", "pk")
    return render(request, "inspection/round.html", {"round": inspection_round, "findings": findings})


def tasks(request):
    if not list(user_profiles(request.user)):
        raise PermissionDenied
    listing = narrow_to_user_sites(Rectification.objects.all(), request.user).select_related(
        "site__profile", "department", "last_finding")
    status = request.GET.get("status")
    if status in Rectification.Status.values:
        listing = listing.filter(status=status)
    return render(request, "inspection/tasks.html", {"tasks": listing[:500], "statuses": Rectification.Status.choices,
                                                     "selected": status})


def _int(value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _report_table(params, profiles, kind):
    """(title, headers, rows, profile) of a report from request parameters, or a Chinese error message.
    quarterly: year, quarter (all the user's sites; `site`, when given, is the user's site it is published on);
    bulletin: site, year, half (one site's departments)."""
    year = _int(params.get("year"), 2000, 2100)
    profile = profiles.filter(code=params.get("site")).first()
    if kind == "quarterly":
        quarter = _int(params.get("quarter"), 1, 4)
        if not year or not quarter or not profiles.exists():
            return _("请给出正确的年份和季度（1-4）")
        return (*reports.quarterly(profiles, year, quarter), profile)
    half = _int(params.get("half"), 1, 2)
    if not year or not half or profile is None:
        return _("请给出本人所管理的网站、正确的年份和半年（1 或 2）")
    return (*reports.department_bulletin(profile, year, half), profile)


def report(request, kind, fmt):
    """?year=&quarter= (quarterly, all the user's sites) or ?site=&year=&half= (department bulletin of one site)."""
    if kind not in ("quarterly", "bulletin") or fmt not in ("xlsx", "pdf"):
        raise Http404
    table = _report_table(request.GET, user_profiles(request.user), kind)
    if isinstance(table, str):
        return HttpResponse(table, status=400, content_type="text/plain; charset=utf-8")
    title, headers, rows, _profile = table
    if fmt == "pdf":
        body, content_type = reports.as_pdf(title, headers, rows), "application/pdf"
    else:
        body, content_type = reports.as_xlsx(title, headers, rows), XLSX
    return HttpResponse(body, content_type=content_type,
                        headers={"Content-Disposition": content_disposition_header(True, f"{title}.{fmt}")})


@require_POST
def publish_report(request, kind):
    """Draft the report in the chosen site's report column and submit it to that site's review chain
    (inspection.publication): it is online only after the chain approves it."""
    from .publication import NoReportColumn, submit_report

    if kind not in ("quarterly", "bulletin"):
        raise Http404
    profiles = user_profiles(request.user)
    if not profiles.exists():
        raise PermissionDenied
    table = _report_table(request.POST, profiles, kind)
    if isinstance(table, str) or table[3] is None:
        messages.error(request, table if isinstance(table, str) else _("请选择本人所管理的、用于公开报告的网站"))
        return redirect("inspection_rounds")
    title, headers, rows, profile = table
    try:
        item = submit_report(profile, title, headers, rows, request.user)
    except NoReportColumn as error:
        messages.error(request, str(error))
        return redirect("inspection_rounds")
    messages.success(request, _("《{title}》已生成并提交审核，审核通过后在{site}公开。").format(title=title, site=profile.full_name))
    return redirect("wagtailadmin_pages:edit", item.pk)
