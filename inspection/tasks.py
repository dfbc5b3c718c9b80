"""Scheduled work (Celery beat; in-process without REDIS_URL): probes every few minutes, a daily round of new
content, a weekly full round with the crawl, and escalation of overdue rectification."""

from celery import shared_task


@shared_task
def probe_all_sites():
    from sites.models import SiteProfile

    from .probes import probe_site

    for profile in SiteProfile.objects.filter(status="running").select_related("site"):
        probe_site(profile.site)


@shared_task
def inspect_all_sites(full=False):
    from sites.models import SiteProfile

    from .models import Round
    from .rectification import escalate_overdue
    from .rounds import run_round

    kind = Round.Kind.FULL if full else Round.Kind.DAILY
    for profile in SiteProfile.objects.filter(status="running").select_related("site"):
        run_round(profile, kind=kind, crawl=full)
    escalate_overdue()
