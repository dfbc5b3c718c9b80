"""A case's due dates and its 正常 / 即将超期 / 已超期 state, in working days (workdays app).

001 第三十五条: 找错 forwarded within 1 working day and answered within 3; 政府信息公开条例 第三十三条: 依申请公开
answered within 20 working days, extendable by 20. Each mailbox carries its own figures (rules.yaml, seed files).
A date in a year without a holiday table leaves the due date empty (期限待定): never a guessed date."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workdays.services import Calendar, UnknownYear

from .models import AnswerFrom, Case
from .rules import setting

NORMAL, SOON, OVERDUE, UNKNOWN = "normal", "soon", "overdue", "unknown"
STATE_LABELS = {NORMAL: _("正常"), SOON: _("即将超期"), OVERDUE: _("已超期"), UNKNOWN: _("期限待定")}


def local_date(moment):
    return timezone.localtime(moment).date()


def compute_due_dates(case, calendar=None):
    """Set case.forward_due and case.answer_due from its mailbox's rule; returns the UnknownYear met, if any."""
    calendar = calendar or Calendar()
    box = case.mailbox
    received = local_date(case.received_at)
    problem = None
    try:
        case.forward_due = calendar.add(received, box.forward_days)
    except UnknownYear as error:
        case.forward_due, problem = None, error
    if box.answer_from == AnswerFrom.RECEIVED:
        base = received
    else:
        base = local_date(case.forwarded_at) if case.forwarded_at else case.forward_due
    try:
        case.answer_due = calendar.add(base, box.answer_days + case.extended_days) if base else None
    except UnknownYear as error:
        case.answer_due, problem = None, error
    return problem


OPEN_FOR_FORWARD = {Case.Status.PENDING, Case.Status.ACCEPTED}
OPEN_FOR_ANSWER = {Case.Status.PENDING, Case.Status.ACCEPTED, Case.Status.FORWARDED, Case.Status.DRAFTED}


def _state(due, today, calendar):
    if due is None:
        return UNKNOWN
    if today > due:
        return OVERDUE
    try:
        left = calendar.between(today, due)
    except UnknownYear:
        return NORMAL
    return SOON if left <= setting("warn_days") else NORMAL


def deadline_state(case, today=None, calendar=None):
    """The worst state of the clocks still running (转办, 答复); None when nothing is due any more."""
    if case.status not in OPEN_FOR_ANSWER:
        return None
    today = today or timezone.localdate()
    calendar = calendar or Calendar()
    states = []
    if case.status in OPEN_FOR_FORWARD and case.mailbox.forward_days:
        states.append(_state(case.forward_due, today, calendar))
    states.append(_state(case.answer_due, today, calendar))
    for worst in (OVERDUE, UNKNOWN, SOON):
        if worst in states:
            return worst
    return NORMAL


def answered_on_time(case):
    if case.replied_at is None or case.answer_due is None:
        return None
    return local_date(case.replied_at) <= case.answer_due
