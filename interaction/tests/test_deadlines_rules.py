"""interaction.deadlines, rule by rule (issue 14 mutation tests): 转办 and 答复 due dates in working days from the
day a case arrived (Beijing time) or was forwarded, extensions, 期限待定 for a year without a holiday table, and
the 正常 / 即将超期 / 已超期 state a 网站管理员 sees, worst clock first."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from interaction.deadlines import (
    NORMAL, OVERDUE, SOON, STATE_LABELS, UNKNOWN, answered_on_time, compute_due_dates, deadline_state,
)
from interaction.models import AnswerFrom, Case, Mailbox
from workdays.services import Calendar

D = datetime.date
BJ = ZoneInfo("Asia/Shanghai")
UTC = datetime.timezone.utc
pytestmark = pytest.mark.django_db  # the working-day table is read from the database


def at(y, m, d, hour=10, tz=BJ):
    return datetime.datetime(y, m, d, hour, 0, tzinfo=tz)


def find_error_box():  # 001 第三十五条: forwarded within 1 working day, answered within 3 after that
    return Mailbox(forward_days=1, answer_days=3, answer_from=AnswerFrom.FORWARDED)


def disclosure_box():  # 政府信息公开条例 第三十三条: 20 working days from the day it was received
    return Mailbox(forward_days=0, answer_days=20, answer_from=AnswerFrom.RECEIVED)


def case(box, received, status=Case.Status.PENDING, **fields):
    return Case(mailbox=box, received_at=received, status=status, **fields)


def test_find_error_due_dates_not_yet_forwarded():
    c = case(find_error_box(), at(2026, 11, 27))  # a Friday
    assert compute_due_dates(c) is None
    assert (c.forward_due, c.answer_due) == (D(2026, 11, 30), D(2026, 12, 3))  # Monday; 3 working days after it


def test_find_error_answer_clock_starts_when_forwarded():
    c = case(find_error_box(), at(2026, 11, 27), forwarded_at=at(2026, 11, 27, 15))
    compute_due_dates(c)
    assert (c.forward_due, c.answer_due) == (D(2026, 11, 30), D(2026, 12, 2))


def test_the_day_counted_is_the_beijing_date():
    # 17:00 UTC on Sunday 11-29 is 01:00 on Monday 11-30 in Beijing: the case arrived on Monday
    c = case(find_error_box(), at(2026, 11, 29, 17, tz=UTC), forwarded_at=at(2026, 11, 30, 16, tz=UTC))
    compute_due_dates(c)
    assert c.forward_due == D(2026, 12, 1)
    assert c.answer_due == D(2026, 12, 4)  # forwarded 12-01 00:00 Beijing


def test_disclosure_request_counts_from_receipt_and_extensions_add_days():
    c = case(disclosure_box(), at(2026, 2, 13))
    compute_due_dates(c)
    assert (c.forward_due, c.answer_due) == (D(2026, 2, 13), D(2026, 3, 19))  # 20 working days across 春节
    c.extended_days = 20
    compute_due_dates(c)
    assert c.answer_due == D(2026, 4, 17)


def test_forwarded_case_of_a_disclosure_box_still_counts_from_receipt():
    c = case(disclosure_box(), at(2026, 11, 2), forwarded_at=at(2026, 11, 20))
    compute_due_dates(c)
    assert c.answer_due == D(2026, 11, 30)


def test_a_due_date_in_a_year_without_holiday_table_is_left_open():
    c = case(find_error_box(), at(2026, 12, 29))  # answer due 3 working days after 12-30: in 2027
    problem = compute_due_dates(c)
    assert c.forward_due == D(2026, 12, 30) and c.answer_due is None
    assert problem.year == 2027 and "2027" in str(problem)


def test_an_unknown_forward_due_date_leaves_both_open():
    c = case(find_error_box(), at(2026, 12, 31))
    problem = compute_due_dates(c)
    assert (c.forward_due, c.answer_due) == (None, None)
    assert problem.year == 2027


def test_a_given_calendar_is_used():
    calendar = Calendar()
    c = case(find_error_box(), at(2026, 11, 27))
    compute_due_dates(c, calendar)
    assert 2026 in calendar._years  # the caller's calendar read the year (one read for a list of cases)
    deadline_state(c, today=D(2026, 11, 27), calendar=calendar)


def due_case(status=Case.Status.FORWARDED, forward_due=None, answer_due=None, box=None):
    return case(box or find_error_box(), at(2026, 11, 2), status=status, forward_due=forward_due, answer_due=answer_due)


@pytest.mark.parametrize("today, state", [
    (D(2026, 11, 27), NORMAL),    # Friday: 12-01 is 2 working days away
    (D(2026, 11, 28), NORMAL),    # Saturday: 11-30 and 12-01 still to come
    (D(2026, 11, 30), SOON),      # 1 working day left
    (D(2026, 12, 1), SOON),       # the due day itself
    (D(2026, 12, 2), OVERDUE),
])
def test_answer_clock_states(today, state):
    assert deadline_state(due_case(answer_due=D(2026, 12, 1)), today=today) == state


def test_labels_users_see():
    assert {k: str(v) for k, v in STATE_LABELS.items()} == {
        NORMAL: "正常", SOON: "即将超期", OVERDUE: "已超期", UNKNOWN: "期限待定"}


def test_no_due_date_is_shown_as_pending_not_as_normal():
    assert deadline_state(due_case(answer_due=None), today=D(2026, 11, 27)) == UNKNOWN


@pytest.mark.parametrize("status", [Case.Status.REJECTED, Case.Status.ANSWERED, Case.Status.CLOSED])
def test_closed_cases_have_no_state(status):
    assert deadline_state(due_case(status=status, answer_due=D(2026, 11, 1)), today=D(2026, 11, 27)) is None


@pytest.mark.parametrize("status", [Case.Status.PENDING, Case.Status.ACCEPTED])
def test_a_late_forward_makes_an_open_case_overdue(status):
    c = due_case(status=status, forward_due=D(2026, 11, 3), answer_due=D(2026, 12, 31))
    assert deadline_state(c, today=D(2026, 11, 27)) == OVERDUE


@pytest.mark.parametrize("status", [Case.Status.FORWARDED, Case.Status.DRAFTED])
def test_the_forward_clock_stops_once_forwarded(status):
    c = due_case(status=status, forward_due=D(2026, 11, 3), answer_due=D(2026, 12, 31))
    assert deadline_state(c, today=D(2026, 11, 27)) == NORMAL


def test_a_box_without_forwarding_has_no_forward_clock():
    c = due_case(status=Case.Status.PENDING, forward_due=None, answer_due=D(2026, 12, 31), box=disclosure_box())
    assert deadline_state(c, today=D(2026, 11, 27)) == NORMAL  # not 期限待定 for the missing forward date


@pytest.mark.parametrize("forward_due, answer_due, state", [
    (D(2026, 11, 3), None, OVERDUE),              # overdue beats 期限待定
    (None, D(2026, 11, 30), UNKNOWN),             # 期限待定 beats 即将超期
    (D(2026, 11, 30), D(2026, 12, 31), SOON),     # 即将超期 beats 正常
    (D(2026, 12, 31), D(2026, 11, 30), SOON),
    (D(2026, 12, 31), D(2026, 11, 3), OVERDUE),
    (D(2026, 12, 30), D(2026, 12, 31), NORMAL),
])
def test_the_worst_clock_is_shown(forward_due, answer_due, state):
    c = due_case(status=Case.Status.ACCEPTED, forward_due=forward_due, answer_due=answer_due)
    assert deadline_state(c, today=D(2026, 11, 27)) == state


def test_a_due_date_beyond_the_known_years_is_normal_until_it_comes():
    c = due_case(answer_due=D(2027, 1, 8))
    assert deadline_state(c, today=D(2026, 11, 27)) == NORMAL
    assert deadline_state(c, today=D(2027, 1, 9)) == OVERDUE


def test_today_defaults_to_the_beijing_date():
    c = due_case(answer_due=D(2026, 12, 1))
    with time_machine.travel(at(2026, 12, 1, 17, tz=UTC), tick=False):  # 12-02 01:00 in Beijing
        assert deadline_state(c) == OVERDUE
    with time_machine.travel(at(2026, 11, 26, 15, tz=UTC), tick=False):  # 11-26 23:00 in Beijing
        assert deadline_state(c) == NORMAL


def test_answered_on_time_by_the_beijing_date():
    c = due_case(answer_due=D(2026, 12, 2))
    assert answered_on_time(c) is None  # not answered yet
    c.replied_at = at(2026, 12, 2, 15, tz=UTC)  # 23:00 on the due day in Beijing
    assert answered_on_time(c) is True
    c.replied_at = at(2026, 12, 2, 17, tz=UTC)  # 01:00 the day after
    assert answered_on_time(c) is False
    c.replied_at = at(2026, 11, 20)
    assert answered_on_time(c) is True
    c.answer_due = None
    assert answered_on_time(c) is None  # 期限待定: neither on time nor late
