"""Working days around 2026's holidays (国务院办公厅关于2026年部分节假日安排的通知) and the table for later years."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workdays.models import DeclaredDay, DeclaredYear
from workdays.services import UnknownYear, add_workdays, is_workday, workdays_between

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day, expected", [
    (D(2026, 1, 1), False),   # 元旦
    (D(2026, 1, 4), True),    # 元旦 make-up Sunday
    (D(2026, 2, 14), True),   # 春节 make-up Saturday
    (D(2026, 2, 16), False),  # 春节 (Monday)
    (D(2026, 2, 23), False),  # last day of 春节
    (D(2026, 2, 24), True),
    (D(2026, 2, 28), True),   # 春节 make-up Saturday
    (D(2026, 4, 6), False),   # 清明 (Monday)
    (D(2026, 5, 5), False),   # 劳动节 (Tuesday)
    (D(2026, 5, 9), True),    # 劳动节 make-up Saturday
    (D(2026, 6, 19), False),  # 端午 (Friday)
    (D(2026, 9, 20), True),   # make-up Sunday before 中秋
    (D(2026, 9, 25), False),  # 中秋 (Friday)
    (D(2026, 10, 7), False),  # 国庆
    (D(2026, 10, 10), True),  # 国庆 make-up Saturday
    (D(2026, 11, 28), False), # an ordinary Saturday
    (D(2026, 11, 30), True),
])
def test_is_workday_2026(day, expected):
    assert is_workday(day) is expected


@pytest.mark.parametrize("start, n, expected", [
    (D(2026, 9, 30), 3, D(2026, 10, 10)),   # 国庆: 10-8, 10-9, then the make-up Saturday 10-10
    (D(2026, 9, 30), 1, D(2026, 10, 8)),
    (D(2026, 2, 13), 1, D(2026, 2, 14)),    # 春节 make-up Saturday counts
    (D(2026, 2, 14), 1, D(2026, 2, 24)),    # nine days of 春节 skipped
    (D(2026, 2, 13), 20, D(2026, 3, 19)),   # 依申请公开 20 working days across 春节 (2-14, 2-28 count)
    (D(2026, 4, 3), 1, D(2026, 4, 7)),      # 清明 weekend + Monday
    (D(2026, 4, 30), 3, D(2026, 5, 8)),     # 劳动节 5-1…5-5 skipped
    (D(2026, 5, 8), 1, D(2026, 5, 9)),      # 劳动节 make-up Saturday
    (D(2026, 6, 18), 1, D(2026, 6, 22)),    # 端午 6-19…6-21
    (D(2026, 9, 18), 1, D(2026, 9, 20)),    # make-up Sunday before 中秋
    (D(2026, 9, 24), 1, D(2026, 9, 28)),    # 中秋 9-25…9-27
    (D(2026, 11, 27), 0, D(2026, 11, 27)),
])
def test_add_workdays_2026(start, n, expected):
    assert add_workdays(start, n) == expected


def test_workdays_between_counts_the_end_not_the_start():
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == 0


def test_unknown_year_is_an_error_never_a_guess():
    with pytest.raises(UnknownYear) as error:
        add_workdays(D(2026, 12, 30), 5)
    assert "2027" in str(error.value) and "节假日安排" in str(error.value)


def test_a_year_entered_from_the_notice_is_used():
    year = DeclaredYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（示例）")
    DeclaredDay.objects.create(declared_year=year, date=D(2027, 1, 1), kind="holiday", name="元旦")
    DeclaredDay.objects.create(declared_year=year, date=D(2027, 1, 9), kind="workday", name="春节")  # a Saturday
    assert is_workday(D(2027, 1, 1)) is False
    assert is_workday(D(2027, 1, 9)) is True
    assert is_workday(D(2027, 1, 10)) is False  # plain Sunday
    assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_a_listed_day_overrides_the_library():
    year = DeclaredYear.objects.create(year=2026, notice="更正")
    DeclaredDay.objects.create(declared_year=year, date=D(2026, 11, 30), kind="holiday", name="测试")
    assert is_workday(D(2026, 11, 30)) is False
    assert is_workday(D(2026, 10, 1)) is False  # days it does not list: the library's answer


def test_command_add_and_is(capsys):
    call_command("workdays", "add", "2026-09-30", "3")
    assert capsys.readouterr().out.strip() == "2026-10-10"
    call_command("workdays", "is", "2026-10-10")
    assert capsys.readouterr().out.strip() == "工作日"
    call_command("workdays", "is", "2026-10-01")
    assert capsys.readouterr().out.strip() == "休息日"


@pytest.mark.parametrize("args, words", [
    (["add", "2026-13-01", "3"], "日期"),
    (["add", "2026-09-30", "-1"], "工作日数"),
    (["add", "2026-09-30", "x"], "工作日数"),
    (["is", "2027-03-01"], "2027"),
])
def test_command_bad_input_exit_2(args, words):
    with pytest.raises(CommandError) as error:
        call_command("workdays", *args)
    assert error.value.returncode == 2 and words in str(error.value)


def test_command_missing_argument_exits_2():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "manage.py", "workdays", "add", "2026-09-30"], capture_output=True, text=True)
    assert result.returncode == 2
