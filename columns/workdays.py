"""Working days for column reminders. One small seam: the `workdays` app (DESIGN §2) will own Chinese
working-day arithmetic; until it lands, chinese_calendar is read here directly. Point these two functions at
`workdays` then, and nothing else in columns changes."""

from datetime import timedelta


def is_workday(day):
    """国务院办公厅 holiday arrangements (调休 included) through chinese_calendar; for a year it has no table
    for, Monday to Friday."""
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def workdays_until(start, end):
    """The number of working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count
