"""workdays.services, rule by rule (issue 14 mutation tests): what a 网站管理员 enters for a year wins over the
library, an entered year's unlisted days follow the week, a year nobody knows is refused with the year named,
and the counts start after the start day and stop at the end day."""

import datetime

import pytest

from workdays.models import DeclaredDay, DeclaredYear
from workdays.services import Calendar, UnknownYear, add_workdays, is_workday, known_year, workdays_between

D = datetime.date
pytestmark = pytest.mark.django_db


def declare(year, *days):
    declared = DeclaredYear.objects.create(year=year, notice=f"国务院办公厅关于{year}年部分节假日安排的通知（示例）")
    for date, kind in days:
        DeclaredDay.objects.create(declared_year=declared, date=date, kind=kind, name="示例")
    return declared


def test_unknown_year_message_names_the_year_and_where_to_enter_it():
    with pytest.raises(UnknownYear) as error:
        is_workday(D(2027, 3, 1))
    assert error.value.year == 2027
    assert str(error.value) == "尚无2027年的节假日安排：请网站管理员在“节假日安排”中按国务院办公厅当年通知录入。"


def test_an_entered_year_without_listed_days_follows_the_week():
    declare(2027)
    assert [is_workday(D(2027, 3, d)) for d in range(1, 8)] == [True, True, True, True, True, False, False]  # Mon..Sun


def test_an_entered_year_lists_holidays_and_make_up_saturdays():
    declare(2027, (D(2027, 3, 3), "holiday"), (D(2027, 3, 6), "workday"))  # a Wednesday off, the Saturday worked
    assert is_workday(D(2027, 3, 3)) is False
    assert is_workday(D(2027, 3, 6)) is True
    assert is_workday(D(2027, 3, 5)) is True  # an unlisted Friday
    assert add_workdays(D(2027, 3, 2), 1) == D(2027, 3, 4)  # the holiday skipped
    assert add_workdays(D(2027, 3, 4), 2) == D(2027, 3, 6)  # the make-up Saturday counts
    assert workdays_between(D(2027, 3, 1), D(2027, 3, 7)) == 4  # 3-2, 3-4, 3-5, 3-6: not the start, the holiday, Sunday


def test_a_listed_day_wins_over_the_library_both_ways():
    declare(2026, (D(2026, 11, 30), "holiday"), (D(2026, 11, 28), "workday"))  # a Monday off, a Saturday worked
    assert is_workday(D(2026, 11, 30)) is False
    assert is_workday(D(2026, 11, 28)) is True
    assert is_workday(D(2026, 11, 27)) is True  # unlisted: the library's answer
    assert is_workday(D(2026, 11, 29)) is False


def test_zero_days_is_the_start_and_a_negative_count_is_refused():
    assert add_workdays(D(2026, 11, 28), 0) == D(2026, 11, 28)  # even on a Saturday
    with pytest.raises(ValueError) as error:
        add_workdays(D(2026, 11, 27), -1)
    assert str(error.value) == "工作日数不能为负数。"


@pytest.mark.parametrize("start, end, expected", [
    (D(2026, 11, 26), D(2026, 11, 26), 0),   # the same day (a Thursday: the day after it is a working day)
    (D(2026, 11, 26), D(2026, 11, 27), 1),   # Thursday to Friday: Friday counts
    (D(2026, 11, 27), D(2026, 11, 30), 1),   # Friday to Monday: only Monday
    (D(2026, 11, 27), D(2026, 11, 29), 0),   # the weekend
    (D(2026, 11, 30), D(2026, 11, 23), 0),   # end before start
    (D(2026, 9, 30), D(2026, 10, 10), 3),
])
def test_workdays_between(start, end, expected):
    assert workdays_between(start, end) == expected


def test_one_calendar_reads_an_entered_year_once_and_keeps_answering(django_assert_num_queries):
    declare(2027, (D(2027, 3, 3), "holiday"))
    calendar = Calendar()
    with django_assert_num_queries(2):  # the year's existence and its days, once
        assert calendar.add(D(2027, 3, 1), 5) == D(2027, 3, 9)
        assert calendar.between(D(2027, 3, 1), D(2027, 3, 9)) == 5


def test_a_count_crossing_into_a_year_nobody_entered_is_refused():
    with pytest.raises(UnknownYear) as error:
        add_workdays(D(2026, 12, 31), 1)
    assert error.value.year == 2027
    with pytest.raises(UnknownYear):
        workdays_between(D(2026, 12, 31), D(2027, 1, 4))


def test_known_year():
    assert known_year(2026) is True
    assert known_year(2027) is False
    declare(2027)
    assert known_year(2027) is True
