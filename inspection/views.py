"""监测与考核 in the Wagtail admin: the rounds of the user's sites (trend per site), one round's findings, the
rectification tasks, and the quarterly / half-yearly reports as xlsx or PDF. Every list goes through
orgs.isolation.narrow_to_user_sites and every object through get_object_in_user_sites: a 网站管理员 of site A
never sees site B's rounds, findings, tasks or reports."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

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


def report(request, kind, fmt):
    if kind not in ("quarterly", "bulletin") or fmt not in ("xlsx", "pdf"):
        from django.http import Http404

        raise Http404
    """?year=&quarter= (quarterly, all the user's sites) or ?site=&year=&half= (department bulletin of one site)."""
    profiles = user_profiles(request.user)
    year = _int(request.GET.get("year"), 2000, 2100)
    if kind == "quarterly":
        quarter = _int(request.GET.get("quarter"), 1, 4)
        if not year or not quarter or not profiles.exists():
            return HttpResponse(_("请给出正确的年份和季度（1-4）"), status=400, content_type="text/plain; charset=utf-8")
        title, headers, rows = reports.quarterly(profiles, year, quarter)
    else:
        half = _int(request.GET.get("half"), 1, 2)
        profile = profiles.filter(code=request.GET.get("site")).first()
        if not year or not half or profile is None:
            return HttpResponse(_("请给出本人所管理的网站、正确的年份和半年（1 或 2）"), status=400,
                                content_type="text/plain; charset=utf-8")
        title, headers, rows = reports.department_bulletin(profile, year, half)
    if fmt == "pdf":
        body, content_type = reports.as_pdf(title, headers, rows), "application/pdf"
    else:
        body, content_type = reports.as_xlsx(title, headers, rows), XLSX
    return HttpResponse(body, content_type=content_type,
                        headers={"Content-Disposition": content_disposition_header(True, f"{title}.{fmt}")})
