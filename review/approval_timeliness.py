"""Timeliness (issue 8 part 7). 003 第十七条: 一般情况下信息发布不应迟于工作结束后的第3天 — an item publishes at the
latest on the N-th calendar day after the day its work ended (N per site, SitePublishingRules; 3 by default).
Publishing later is allowed but warned about and counted for the statistics."""

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from content.models import ItemPage

from .models import SitePublishingRules


def publish_within_days(site):
    rules = SitePublishingRules.objects.filter(site=site).only("publish_within_days").first() if site else None
    return rules.publish_within_days if rules else SitePublishingRules.DEFAULT_PUBLISH_WITHIN_DAYS


def latest_publication_date(work_ended_on, site):
    """The last day an item whose work ended on `work_ended_on` may be published (003 第十七条)."""
    return work_ended_on + timedelta(days=publish_within_days(site))


def days_late(item, *, on=None, site=None):
    """How many days after its deadline the item is (or would be, published on `on`); 0 when in time or
    when it carries no work-ended date."""
    if not getattr(item, "work_ended_on", None):
        return 0
    if on is None:
        published = item.first_published_at
        on = timezone.localdate(published) if published else timezone.localdate()
    elif not isinstance(on, date):
        on = timezone.localdate(on)
    deadline = latest_publication_date(item.work_ended_on, site or item.get_site())
    return max(0, (on - deadline).days)


def late_publications(site, *, since=None, until=None):
    """Items of a site first published later than its deadline, with since <= publication date <= until (the
    statistics call this; count() it for the figure). One query."""
    n = publish_within_days(site)
    qs = ItemPage.objects.filter(
        path__startswith=site.root_page.path, work_ended_on__isnull=False, first_published_at__isnull=False,
        alias_of__isnull=True,
    )
    if since:
        qs = qs.filter(first_published_at__date__gte=since)
    if until:
        qs = qs.filter(first_published_at__date__lte=until)
    return qs.filter(first_published_at__date__gt=F("work_ended_on") + timedelta(days=n))


def late_publication_count(site, *, since=None, until=None):
    return late_publications(site, since=since, until=until).count()
