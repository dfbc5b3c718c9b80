"""Read-only figures other apps ask of 政民互动 (inspection's 互动回应差 veto reads these, not the models)."""

from datetime import timedelta

from django.db.models import Q

from .models import Case, Mailbox


def channels(site, kinds):
    """The site's mailboxes of the given kinds (e.g. consult, leader, suggestion) as [(kind, name)]."""
    return list(Mailbox.objects.filter(site=site, kind__in=kinds).order_by("id").values_list("kind", "name"))


def late_answers(site, *, at, kinds, lookback_days, unanswered_days):
    """Valid cases (not refused, 不予受理) of the given mailbox kinds that were unanswered for more than
    `unanswered_days` days at some moment of the `lookback_days` before `at`: still unanswered, or answered late.
    Each as {"tracking_code", "title", "mailbox", "received_at", "replied_at"}, oldest first."""
    since, limit = at - timedelta(days=lookback_days), timedelta(days=unanswered_days)
    cases = (Case.objects.filter(site=site, mailbox__kind__in=kinds, received_at__lt=at - limit)
             .filter(Q(replied_at__isnull=True) | Q(replied_at__gt=since))
             .exclude(status=Case.Status.REJECTED).select_related("mailbox").order_by("received_at", "pk"))
    late = []
    for case in cases:
        replied = case.replied_at if case.replied_at and case.replied_at <= at else None
        waited_until = replied or at  # the last moment it was still waiting (within the window: replied > since)
        if waited_until - case.received_at > limit:
            late.append({"tracking_code": case.tracking_code, "title": case.title, "mailbox": case.mailbox.name,
                         "received_at": case.received_at, "replied_at": replied})
    return late
