"""Chinese working-day arithmetic: weekends, statutory holidays and 调休 make-up working days.

A day listed in the DeclaredYear table (entered by a 网站管理员 from the notice) wins; else chinese-calendar
answers; in a year only the table knows, unlisted days follow the week. A year neither knows raises UnknownYear: deadlines are never guessed (政府信息公开条例 第三十三条 and 001 第三十五条 count
working days, which only the State Council's yearly notice defines)."""

import datetime

import chinese_calendar
from django.utils.translation import gettext as _


class UnknownYear(Exception):
    def __init__(self, year):
        self.year = year
        super().__init__(
            _("尚无%(year)s年的节假日安排：请网站管理员在“节假日安排”中按国务院办公厅当年通知录入。") % {"year": year}
        )


def _declared(year):
    """{date: is_workday} for a year entered in the table, or None when it was not entered."""
    from .models import DeclaredDay, DeclaredYear

    if not DeclaredYear.objects.filter(year=year).exists():
        return None
    return {
        day.date: day.kind == DeclaredDay.Kind.WORKDAY
        for day in DeclaredDay.objects.filter(declared_year__year=year)
    }


class Calendar:
    """Answers for one computation, reading each year once."""

    def __init__(self):
        self._years = {}

    def _year(self, year):
        if year not in self._years:
            self._years[year] = _declared(year)
        return self._years[year]

    def is_workday(self, day):
        declared = self._year(day.year)
        if declared is not None and day in declared:
            return declared[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if declared is None:
                raise UnknownYear(day.year) from None
            return day.weekday() < 5  # an entered year: what the notice does not list follows the week

    def add(self, start, n):
        """The date `n` working days after `start` (`start` itself not counted); n = 0 gives `start`."""
        if n < 0:
            raise ValueError(_("工作日数不能为负数。"))
        day = start
        while n:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def between(self, start, end):
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


def is_workday(day):
    return Calendar().is_workday(day)


def add_workdays(start, n):
    return Calendar().add(start, n)


def workdays_between(start, end):
    return Calendar().between(start, end)


def known_year(year):
    if _declared(year) is not None:
        return True
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True
