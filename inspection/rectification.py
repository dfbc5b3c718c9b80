"""整改: each finding of a round becomes (or renews) a task for the responsible department's 信息员, with a due
date in working days (the workdays app: the 网站管理员's holiday table, then chinese-calendar); a later round of
the same scope that no longer finds the problem closes it; a task past its due date escalates to the site's
网站管理员. A start in a year neither knows leaves the due date empty (期限待定), never guessed: such a task is
not escalated until the year's table is entered and the date can be computed."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workdays.services import UnknownYear, add_workdays

from .indicators import schedule
from .models import Rectification, Round
from .people import department_editors, notify, site_admins

# Problems only a crawl finds: a daily round without a crawl must not close them.
CRAWL_KINDS = ("broken_link_home", "broken_link_other")


def due_date(start):
    """The due date of a task opened on `start`, or None (期限待定) when the working days cannot be counted."""
    # indicators.yaml schedule.rectification_due_working_days (001 第三十五条: 3 working days)
    try:
        return add_workdays(start, schedule("rectification_due_working_days"))
    except UnknownYear:
        return None


def due_label(due):
    return due.isoformat() if due else _("期限待定")


def fill_pending_due_dates():
    """Tasks opened as 期限待定 get their due date once the year's holiday table is known; returns those filled."""
    filled = []
    for task in Rectification.objects.filter(due__isnull=True).exclude(status=Rectification.Status.CLOSED).select_related(
            "first_finding__round"):
        due = due_date(timezone.localtime(task.first_finding.round.at).date())
        if due is not None:
            task.due = due
            task.save(update_fields=["due"])
            filled.append(task)
    return filled


def _covered(inspection_round, finding_kind):
    if finding_kind in CRAWL_KINDS:
        return "links" in inspection_round.report
    if inspection_round.kind == Round.Kind.DAILY and finding_kind in ("severe_content", "content_warning", "forged_date",
                                                                       "no_publish_time"):
        return False  # the daily round reads only the day's new items
    return True


@transaction.atomic
def update_from_round(inspection_round):
    """Open or renew a task per finding; close open tasks whose problem this round (covering it) no longer finds."""
    site = inspection_round.site
    today = timezone.localtime(inspection_round.at).date()
    found = {}
    for finding in inspection_round.findings.select_related("department"):
        found.setdefault(finding.key, finding)
    open_tasks = {t.key: t for t in Rectification.objects.filter(site=site).exclude(status=Rectification.Status.CLOSED)}
    for key, finding in found.items():
        task = open_tasks.get(key)
        if task:
            task.last_finding = finding
            task.save(update_fields=["last_finding"])
            continue
        task = Rectification.objects.create(
            site=site, key=key, first_finding=finding, last_finding=finding, department=finding.department,
            due=due_date(today))
        editors = department_editors(site, finding.department)
        task.assignees.set(editors)
        if editors:
            notify(editors, _("【整改通知】{label}").format(label=finding.label),
                   _("{detail}\n整改期限：{due}").format(detail=finding.detail, due=due_label(task.due)))
    for key, task in open_tasks.items():
        if key not in found and _covered(inspection_round, task.first_finding.kind):
            task.status = Rectification.Status.CLOSED
            task.closed_at = inspection_round.at
            task.closed_by_round = inspection_round
            task.save(update_fields=["status", "closed_at", "closed_by_round"])


@transaction.atomic
def escalate_overdue(at=None):
    """Tasks still open past their due date (plus the grace days of indicators.yaml) go to the 网站管理员.
    A task whose due date is still 期限待定 is not escalated (no date to be past)."""
    at = at or timezone.now()
    fill_pending_due_dates()
    limit = timezone.localtime(at).date() - timedelta(days=schedule("escalate_after_days_overdue"))
    escalated = []
    for task in Rectification.objects.filter(status=Rectification.Status.OPEN, due__isnull=False, due__lte=limit).select_related(
            "last_finding", "department"):
        admins = site_admins(task.site)
        task.status = Rectification.Status.ESCALATED
        task.escalated_at = at
        task.save(update_fields=["status", "escalated_at"])
        task.escalated_to.set(admins)
        notify(admins, _("【整改逾期】{label}").format(label=task.last_finding.label),
               _("{dept}：{detail}，整改期限 {due} 已过").format(
                   dept=task.department.name if task.department else _("未明确责任部门"),
                   detail=task.last_finding.detail, due=task.due))
        escalated.append(task)
    return escalated
