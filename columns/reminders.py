"""Daily column reminders (issue 9 part 6): the responsible 信息员 hear of a column N working days before it
falls due and when it is overdue or blank; each 网站管理员 gets a weekly summary of their site. Notices are
ColumnReminder rows (shown on the admin dashboard) and e-mail.

Run daily by `manage.py column_reminders` or the Celery beat entry `columns.send_column_reminders`. Idempotent:
each notice names its subject (a column and the due date it is about, a site and an ISO week) and exists once
per person, so a second run the same day — or the next day for the same due date — sends nothing new. E-mail
that failed is retried by the next run (the notice stays, marked not e-mailed)."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Role, RoleAssignment
from workdays.services import Calendar, UnknownYear

from .feeds import is_import_fed
from .models import ColumnReminder
from .services import BLANK, OVERDUE, column_status

logger = logging.getLogger(__name__)

# 000 第十七条 督促检查; 003 第二十七条(五) 责任栏目内容长期不更新 is 通报批评: warn ahead. The number is a setting.
DEFAULT_WORKDAYS_AHEAD = 3
EMAIL_RETRY_DAYS = 7  # a notice whose e-mail failed is e-mailed again by later runs for this many days
SUMMARY_LIST_LIMIT = 30


@dataclass
class Outcome:
    day: object
    workday: bool
    created: dict = field(default_factory=dict)  # kind → number of new notices
    emailed: int = 0
    email_failures: int = 0
    undated: int = 0  # end-level columns whose reminder day falls in a year without a holiday table (期限待定)
    unknown_years: set = field(default_factory=set)

    def unknown_year_message(self):
        """Chinese: which years lack a holiday table, and what to do (workdays.services.UnknownYear's text)."""
        return "；".join(str(UnknownYear(year)) for year in sorted(self.unknown_years))

    def total(self):
        return sum(self.created.values())


def workdays_ahead():
    return int(getattr(settings, "COLUMN_REMINDER_WORKDAYS", DEFAULT_WORKDAYS_AHEAD))


UNKNOWN = "unknown"  # 期限待定: the reminder day cannot be computed without the year's holiday table


def due_soon(due, day, ahead, calendar):
    """Is `due` at most `ahead` working days after `day` (True / False), or UNKNOWN when that depends on a day of a
    year neither the 网站管理员's 节假日安排 table nor chinese-calendar knows — never a guessed Monday–Friday."""
    if due is None or due < day:
        return False
    try:  # the (ahead + 1)-th working day after `day` comes after `due`: only the days up to it are read
        return due < calendar.add(day, ahead + 1)
    except UnknownYear:
        pass
    try:  # the unknown year may start after `due`
        return calendar.between(day, due) <= ahead
    except UnknownYear:
        return UNKNOWN


def reminder_state(status, day, ahead=None, calendar=None):
    """For a column status on `day`: UNKNOWN (期限待定) when whether its 即将到期 reminder is due cannot be computed,
    True when it is, else False. 已超期 and 空白栏目 do not count working days."""
    if status.status in (OVERDUE, BLANK):
        return False
    return due_soon(status.next_due, day, workdays_ahead() if ahead is None else ahead, calendar or Calendar())


def send_reminders(day=None, *, site=None):
    """Create the notices due on `day` (default today, Asia/Shanghai) and e-mail them. Nothing on a rest day
    (休息日): the next working day's run catches up, as its window covers the same due dates. Working days are
    the workdays app's (the 网站管理员's 节假日安排 first, then chinese-calendar). When `day` or a reminder day is
    in a year neither knows, no 即将到期 notice is sent for it (期限待定: outcome.undated, outcome.unknown_years);
    已超期 and 空白栏目 notices, which count no working days, still are."""
    from sites.models import SiteProfile

    day = day or timezone.localdate()
    calendar = Calendar()
    try:
        workday = calendar.is_workday(day)
    except UnknownYear:
        workday = None  # not known: the day is run, without working-day reminders
    outcome = Outcome(day=day, workday=workday)
    if workday is None:
        outcome.unknown_years.add(day.year)
    if workday is False:
        return outcome
    profiles = SiteProfile.objects.select_related("site").order_by("id")
    if site is not None:
        profiles = profiles.filter(code=site) if isinstance(site, str) else profiles.filter(pk=site.pk)
    for profile in profiles:
        with transaction.atomic():
            _site_notices(profile, day, outcome, calendar)
    _send_emails(day, outcome)
    return outcome


def _column_notice(status, day, ahead, calendar, outcome):
    """(kind, subject, due date, title, message) for a column status that calls for a notice, else None; the
    message ends with the column's address in the admin (the e-mail is read outside it)."""
    notice = _column_text(status, day, ahead, calendar, outcome)
    if notice is None:
        return None
    admin = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + reverse("wagtailadmin_explore", args=[status.column_id])
    return (*notice[:4], notice[4] + "\n" + _("在后台打开：%(url)s") % {"url": admin})


def _column_text(status, day, ahead, calendar, outcome):
    base = f"column:{status.column_id}"
    where = f"{status.url_path}（{status.title}）"
    if status.status == BLANK:
        return (ColumnReminder.Kind.OVERDUE, f"{base}:blank", None, _("空白栏目：%(title)s") % {"title": status.title},
                _("栏目 %(where)s 没有任何信息，属于空白栏目（国办秘函〔2019〕19号 单项否决）。请尽快发布内容。") % {"where": where})
    if status.status == OVERDUE:
        due = status.next_due
        return (ColumnReminder.Kind.OVERDUE, f"{base}:due:{due or 'undated'}", due, _("栏目已超期：%(title)s") % {"title": status.title},
                _("栏目 %(where)s 已超过更新期限（%(rule)s；最近更新 %(last)s，应于 %(due)s 前更新）。请尽快更新。") % {
                    "where": where, "rule": status.rule.label, "last": status.last_update or _("无发布时间"),
                    "due": due or _("—")})
    due = status.next_due
    soon = reminder_state(status, day, ahead, calendar)
    if soon == UNKNOWN:
        outcome.undated += 1
        outcome.unknown_years.update(_unknown_years(day, due, calendar))
        return None
    if not soon:
        return None
    return (ColumnReminder.Kind.DUE_SOON, f"{base}:due:{due}", due, _("栏目即将到期：%(title)s") % {"title": status.title},
            _("栏目 %(where)s 应于 %(due)s 前更新（%(rule)s；最近更新 %(last)s）。") % {
                "where": where, "due": due, "rule": status.rule.label, "last": status.last_update})


def _editors_of(site):
    """Active 信息员 of the site by department id (RoleAssignment); those without a department are site-wide
    editors, not anyone's responsible person, and get no column notices."""
    by_department = {}
    for a in RoleAssignment.objects.filter(site=site, role=Role.EDITOR, user__is_active=True).select_related("user"):
        if a.organization_id is not None:
            by_department.setdefault(a.organization_id, set()).add(a.user)
    return by_department


def _unknown_years(day, due, calendar):
    """The years from `day` to `due` neither the table nor chinese-calendar knows (the calendar reads each once)."""
    years = set()
    for year in range(day.year, due.year + 1):
        try:
            calendar.is_workday(date(year, 1, 1))
        except UnknownYear:
            years.add(year)
    return years


def _site_notices(profile, day, outcome, calendar):
    report = column_status(profile, at=day)
    editors = _editors_of(profile.site)
    everyone = set().union(*editors.values()) if editors else set()
    ahead = workdays_ahead()
    undated_before = outcome.undated
    wanted = []
    for status in report.columns:
        if not status.is_leaf:
            continue  # a parent column shows what its sub-columns hold; their own notices cover it
        notice = _column_notice(status, day, ahead, calendar, outcome)
        if notice is None or is_import_fed(status):
            continue  # a 数据接口 column stalls with its feed: the 网站管理员's weekly summary lists it, not the 信息员
        if status.maintained_by_all:
            people = everyone  # 各部门共同维护 (002 附件2 注)
        else:
            people = set().union(*(editors.get(d["id"], set()) for d in status.departments)) if status.departments else set()
        for user in people:
            wanted.append((user, status.column_id, notice))
    _store(profile.site, wanted, day, outcome)
    _weekly_summary(profile, report, day, outcome, undated=outcome.undated - undated_before)


def _store(site, wanted, day, outcome):
    if not wanted:
        return
    subjects = {notice[1] for _user, _column, notice in wanted}
    existing = set(
        ColumnReminder.objects.filter(subject__in=subjects, user__in={u for u, _c, _n in wanted}).values_list("user_id", "kind", "subject")
    )
    new = []
    for user, column_id, (kind, subject, due, title, message) in wanted:
        if (user.pk, kind, subject) in existing:
            continue
        existing.add((user.pk, kind, subject))
        new.append(ColumnReminder(user=user, site=site, column_id=column_id, kind=kind, subject=subject, due_date=due,
                                  title=title, message=message, sent_on=day))
    ColumnReminder.objects.bulk_create(new)
    for r in new:
        outcome.created[r.kind] = outcome.created.get(r.kind, 0) + 1


def _weekly_summary(profile, report, day, outcome, undated=0):
    """Once per ISO week, on its first run on a working day, to each 网站管理员 of the site (000 第十七条)."""
    year, week, _weekday = day.isocalendar()
    subject = f"site:{profile.site_id}:week:{year}-W{week:02d}"
    admins = {a.user for a in RoleAssignment.objects.filter(site=profile.site, role=Role.SITE_ADMIN, user__is_active=True).select_related("user")}
    done = set(ColumnReminder.objects.filter(kind=ColumnReminder.Kind.WEEKLY, subject=subject).values_list("user_id", flat=True))
    admins = [u for u in admins if u.pk not in done]
    if not admins:
        return
    summary = report.sites[0]
    problems = [c for c in report.columns if c.is_leaf and c.status in (OVERDUE, BLANK)]
    lines = [
        _("%(name)s 截至 %(day)s 的栏目更新情况（末级栏目）：") % {"name": profile.full_name, "day": day},
        "、".join(f"{name} {count}" for name, count in summary.counts.items()),
    ]
    for veto in summary.vetoes:
        lines.append(_("单项否决风险：%(label)s %(count)s 个（达到 %(threshold)s 个即否决）") % veto)
    if undated:
        lines.append(_("期限待定 %(n)s 个：到期提醒无法计算，暂不发送。%(why)s") % {"n": undated, "why": outcome.unknown_year_message()})
    if problems:
        lines.append(_("已超期和空白栏目："))
        lines += [f"- {c.url_path} {c.title}：{c.status}（{c.responsible_names() or _('未定责任部门')}）" for c in problems[:SUMMARY_LIST_LIMIT]]
        if len(problems) > SUMMARY_LIST_LIMIT:
            lines.append(_("另有 %(n)s 个，见栏目更新督查。") % {"n": len(problems) - SUMMARY_LIST_LIMIT})
    admin = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")  # the e-mail is read outside the admin
    lines.append(_("栏目更新督查：%(url)s?site=%(code)s") % {"url": admin + reverse("columns_status"), "code": profile.code})
    title = _("每周栏目更新汇总：%(name)s（第%(week)s周）") % {"name": profile.full_name, "week": week}
    new = [ColumnReminder(user=u, site=profile.site, kind=ColumnReminder.Kind.WEEKLY, subject=subject, title=title,
                          message="\n".join(lines), sent_on=day) for u in admins]
    ColumnReminder.objects.bulk_create(new)
    outcome.created[ColumnReminder.Kind.WEEKLY] = outcome.created.get(ColumnReminder.Kind.WEEKLY, 0) + len(new)


def _send_emails(day, outcome):
    """One e-mail per person with every notice of theirs not yet e-mailed (retried for EMAIL_RETRY_DAYS)."""
    pending = ColumnReminder.objects.filter(emailed=False, sent_on__gte=day - timedelta(days=EMAIL_RETRY_DAYS)).exclude(
        user__email="").select_related("user").order_by("user_id", "kind", "id")
    by_user = {}
    for r in pending:
        by_user.setdefault(r.user, []).append(r)
    for user, notices in by_user.items():
        subject = notices[0].title if len(notices) == 1 else _("栏目更新提醒（%(n)s 条）") % {"n": len(notices)}
        body = "\n\n".join(f"{n.title}\n{n.message}" for n in notices)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # an SMTP failure must not lose the notices: they stay on the dashboard, retried next run
            logger.exception("column reminder e-mail to %s failed", user.email)
            outcome.email_failures += 1
            continue
        ColumnReminder.objects.filter(pk__in=[n.pk for n in notices]).update(emailed=True)
        outcome.emailed += 1


def unread_reminders(user, limit=10):
    """(the newest day's unread notices, most pressing first, at most `limit`; the number unread in all)."""
    unread = ColumnReminder.objects.filter(user=user, read_at__isnull=True)
    total = unread.count()
    newest = list(unread.order_by("-sent_on", "-id")[:200])
    newest.sort(key=lambda r: (-r.sent_on.toordinal(), _urgency(r), r.due_date or r.sent_on, r.id))
    return newest[:limit], total


def _urgency(reminder):
    """An overdue column with a due date first, then one falling due, then blank columns, then the weekly summary."""
    if reminder.kind == ColumnReminder.Kind.OVERDUE:
        return 0 if reminder.due_date else 2
    return 1 if reminder.kind == ColumnReminder.Kind.DUE_SOON else 3


def mark_read(user):
    return ColumnReminder.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
