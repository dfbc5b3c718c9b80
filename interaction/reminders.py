"""The daily round (Celery beat in production, `manage.py interaction_daily` in the embedded default):
reminders before a due date, escalation of overdue cases to the 网站管理员, and an alert for a mailbox staff
have not opened for a working day (001 第二十三条: 电子邮箱 checked every day)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Role, RoleAssignment
from workdays.services import Calendar, UnknownYear

from .deadlines import OPEN_FOR_ANSWER, OVERDUE, SOON, UNKNOWN, deadline_state, local_date
from .lifecycle import record
from .models import Case, Mailbox
from .rules import setting


def _emails(users):
    return sorted({u.email for u in users if u.email and u.is_active})


def site_admins(site_id):
    return [a.user for a in RoleAssignment.objects.filter(site_id=site_id, role=Role.SITE_ADMIN).select_related("user")]


def handlers(case):
    """The people handling a forwarded case: the departments' staff on the sites it went to."""
    users = []
    for assignment in case.assignments.filter(active=True, answered_at__isnull=True):
        users += [a.user for a in RoleAssignment.objects.filter(
            Q(organization_id=assignment.organization_id) | Q(organization__isnull=True),
            site_id=assignment.site_id, role__in=[Role.EDITOR, Role.DIVISION_HEAD],
        ).select_related("user")]
    return users or site_admins(case.site_id)


def _send(subject, body, users):
    recipients = _emails(users)
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return recipients


def daily_round(today=None):
    today = today or timezone.localdate()
    calendar = Calendar()
    summary = {"reminded": 0, "escalated": 0, "undated": 0, "unopened": 0}
    cases = Case.objects.filter(status__in=OPEN_FOR_ANSWER).select_related("mailbox")
    for case in cases:
        state = deadline_state(case, today, calendar)
        due = case.forward_due if case.status in (Case.Status.PENDING, Case.Status.ACCEPTED) else case.answer_due
        if state == OVERDUE and case.escalated_at is None:
            _send(_("【已超期】%(t)s") % {"t": case.title},
                  _("来信“%(t)s”（%(box)s，查询码 %(c)s）已超过期限 %(d)s，请督办。") % {
                      "t": case.title, "box": case.mailbox.name, "c": case.tracking_code, "d": due},
                  site_admins(case.site_id))
            case.escalated_at = timezone.now()
            case.save(update_fields=["escalated_at"])
            record(case, "escalate", note=_("超期上报网站管理员（期限 %(d)s）") % {"d": due})
            summary["escalated"] += 1
        elif state == SOON and case.reminded_on != today:
            _send(_("【即将超期】%(t)s") % {"t": case.title},
                  _("来信“%(t)s”（%(box)s）将于 %(d)s 到期，请及时办理。") % {"t": case.title, "box": case.mailbox.name, "d": due},
                  handlers(case))
            case.reminded_on = today
            case.save(update_fields=["reminded_on"])
            record(case, "remind", note=_("到期提醒（期限 %(d)s）") % {"d": due})
            summary["reminded"] += 1
        elif state == UNKNOWN and case.reminded_on != today:
            _send(_("【期限待定】请录入节假日安排"),
                  _("来信“%(t)s”的期限落在尚无节假日安排的年份，请在“设置 → 节假日安排”中按国务院办公厅通知录入。") % {"t": case.title},
                  site_admins(case.site_id))
            case.reminded_on = today
            case.save(update_fields=["reminded_on"])
            summary["undated"] += 1
    for box in Mailbox.objects.filter(cases__status=Case.Status.PENDING).distinct():
        opened = local_date(box.last_opened_at) if box.last_opened_at else None
        oldest = local_date(box.cases.filter(status=Case.Status.PENDING).order_by("received_at").first().received_at)
        since = max(d for d in (opened, oldest) if d is not None)
        try:
            idle = calendar.between(since, today)
        except UnknownYear:
            idle = 0
        already = box.last_alert_at and local_date(box.last_alert_at) == today
        if idle >= setting("unopened_alert_days") and not already:
            _send(_("【信箱未查看】%(b)s") % {"b": box.name},
                  _("信箱“%(b)s”已有 %(n)d 个工作日未查看，有待审核来信，请及时处理。") % {"b": box.name, "n": idle},
                  site_admins(box.site_id))
            box.last_alert_at = timezone.now()
            box.save(update_fields=["last_alert_at"])
            summary["unopened"] += 1
    return summary
