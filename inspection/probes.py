"""Availability: probes of each site's home and key pages, the 站点无法访问 veto over a week, alerts.

检查指标 单项否决2 (indicators.yaml vetoes.unreachable): monitored for one week, at least 20 spaced visits a day, a
visit that still fails after 15 s counts as failed, failures ≥ 5 % of all visits is a veto."""

import asyncio
import time
from datetime import timedelta

import httpx
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import crawler  # noqa: F401 - its sniffio note applies to these requests too
from .indicators import veto
from .models import Alert, Probe
from .people import notify, site_admins


def probe_urls(site, key_pages=3):
    """The home page and the first few top-level columns (key pages) of a Wagtail site."""
    root = site.root_url.rstrip("/")
    urls = [root + "/"]
    for child in site.root_page.get_children().live().order_by("path")[:key_pages]:
        urls.append(root + child.url_path[len(site.root_page.url_path) - 1:])
    return urls


async def _visit_all(urls, timeout):
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True, trust_env=False) as client:
        async def one(url):
            started = time.monotonic()
            try:
                response = await client.get(url)
            except httpx.TimeoutException:
                return url, None, None, _("超过 {s} 秒无响应").format(s=f"{timeout:g}")
            except httpx.HTTPError as exc:
                return url, None, None, _("无法连接：{e}").format(e=exc.__class__.__name__)
            return url, response.status_code, time.monotonic() - started, ""

        return await asyncio.gather(*(one(u) for u in urls))


def probe_site(site, urls=None, at=None):
    """Visit `urls` (default: probe_urls) now; store one Probe each; alert on the second failure in a row."""
    rule = veto("unreachable")
    at = at or timezone.now()
    results = asyncio.run(_visit_all(urls or probe_urls(site), float(rule["probe_timeout_seconds"])))
    probes = [
        Probe(site=site, url=url, at=at, status=status, seconds=seconds, error=error,
              ok=bool(status) and status < 400 and not error)
        for url, status, seconds, error in results
    ]
    for probe in probes:
        if probe.status and probe.status >= 400:
            probe.error = _("HTTP 状态 {status}").format(status=probe.status)
    with transaction.atomic():
        Probe.objects.bulk_create(probes)
        alert = alert_if_failing_twice(site, at)
    return probes, alert


def site_failed_at(site, at):
    """A probe round fails when the home page (the first URL probed) failed."""
    probes = list(Probe.objects.filter(site=site, at=at).order_by("pk"))
    return bool(probes) and not probes[0].ok


def alert_if_failing_twice(site, at):
    """Two probe rounds failing in a row → one Alert to the site's 网站管理员 (until it recovers)."""
    times = list(Probe.objects.filter(site=site, at__lte=at).values_list("at", flat=True).distinct().order_by("-at")[:2])
    if len(times) < 2 or not all(site_failed_at(site, t) for t in times):
        return None
    last_ok = Probe.objects.filter(site=site, ok=True, at__lte=at).order_by("-at").values_list("at", flat=True).first()
    if Alert.objects.filter(site=site, at__gt=last_ok or times[1] - timedelta(days=3650)).exists():
        return None  # already told about this outage
    failing = Probe.objects.filter(site=site, at=at).order_by("pk").first()
    message = _("网站 {site} 连续两次监测无法访问（{url}：{error}），请值班人员立即处理。").format(
        site=site.site_name or site.hostname, url=failing.url, error=failing.error)
    admins = site_admins(site)
    recipients = notify(admins, _("【网站监测告警】{site} 无法访问").format(site=site.site_name or site.hostname), message)
    return Alert.objects.create(site=site, at=at, message=message, recipients=recipients)


def availability(site, end=None):
    """The 站点无法访问 verdict over the week ending at `end`: visits, failures, share, days with too few
    visits to judge (their visits still count), and whether the veto fires."""
    rule = veto("unreachable")
    end = end or timezone.now()
    start = end - timedelta(days=rule["window_days"])
    probes = list(Probe.objects.filter(site=site, at__gt=start, at__lte=end).values("at", "ok"))
    total = len(probes)
    failures = sum(1 for p in probes if not p["ok"])
    # The week as 7 spans of 24 hours ending at `end` (a round at 10:00 judges the 7 × 24 hours before it).
    per_span = [0] * rule["window_days"]
    for p in probes:
        per_span[min(int((end - p["at"]).total_seconds() // 86400), rule["window_days"] - 1)] += 1
    thin_days = [timezone.localtime(end - timedelta(days=n + 1)).strftime("%m-%d %H:%M")
                 for n, count in enumerate(per_span) if count < rule["min_probes_per_day"]]
    share = failures / total if total else 0.0
    return {
        "probes": total, "failures": failures, "share": round(share, 4), "thin_days": thin_days,
        "complete": not thin_days, "veto": total > 0 and share >= rule["failure_share"],
    }
