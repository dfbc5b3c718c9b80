"""Column reminders (issue 9 part 6) with time frozen: the responsible 信息员 hear N working days before a column
falls due (working days by the State Council holiday table, 调休 included) and when it is overdue; a 网站管理员
gets a weekly summary; a second run the same day — or the next day for the same due date — sends nothing new;
an e-mail that could not be sent leaves its notice and is sent by the next run; bad input exits 2."""

import itertools
from datetime import date, datetime, time
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from columns.models import ColumnPage, ColumnReminder, ColumnResponsibility
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role
from workdays.models import DeclaredDay, DeclaredYear

pytestmark = pytest.mark.django_db
_serial = itertools.count()
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def local(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


@pytest.fixture
def office(profiles):
    return profiles["weibin"].departments.get(short_name="区政府办")


@pytest.fixture
def weekly_column(profiles, office):
    """A 每周至少1条 column of 区政府办 whose last item is on Wednesday 2025-01-15: due Wednesday 2025-01-22."""
    news = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="新闻", depth=3)
    col = ColumnPage(title=f"提醒测试栏目{next(_serial)}", slug=f"remind-{next(_serial)}", update_cycle="每周至少1条", category="news")
    news.add_child(instance=col)
    ColumnResponsibility.objects.create(column=col, organization=office, person="王五", info_managers="赵六")
    n = next(_serial)
    place_item(col, ArticlePage(title=f"渭滨工作动态{n}", slug=f"rm-{n}", publish_date=local(date(2025, 1, 15)), body="<p>正文</p>"))
    return col


@pytest.fixture
def editor(make_person):
    user = make_person(Role.EDITOR, "weibin", "区政府办")
    user.email = "xinxiyuan@weibin.example"
    user.save()
    return user


def run(day, **options):
    out = StringIO()
    with time_machine.travel(local(day, 8), tick=False):
        call_command("column_reminders", date=day.isoformat(), site="weibin", stdout=out, **options)
    return out.getvalue()


def notices(user, col=None):
    qs = ColumnReminder.objects.filter(user=user)
    return qs.filter(column=col) if col is not None else qs


def column_of(profiles, office, cycle, last):
    """A `cycle` column of `office` on 渭滨 whose last item was published on `last`."""
    news = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="新闻", depth=3)
    col = ColumnPage(title=f"提醒测试栏目{next(_serial)}", slug=f"remind-{next(_serial)}", update_cycle=cycle, category="news")
    news.add_child(instance=col)
    ColumnResponsibility.objects.create(column=col, organization=office, person="王五", info_managers="赵六")
    n = next(_serial)
    place_item(col, ArticlePage(title=f"渭滨工作动态{n}", slug=f"rm-{n}", publish_date=local(last), body="<p>正文</p>"))
    return col


def due_soon_notices(editor, col):
    return notices(editor, col).filter(kind=ColumnReminder.Kind.DUE_SOON)


def test_reminder_counts_working_days_across_national_day_2026(settings, profiles, office, editor):
    """两周至少1条, last item Tue 2026-09-29: due Tue 10-13. 国庆 10-01…10-07 are rest days and Saturday 10-10 is a
    调休 working day, so three working days before the due date is Friday 10-09 (10-10, 10-12, 10-13)."""
    settings.EMAIL_BACKEND = LOCMEM
    settings.COLUMN_REMINDER_WORKDAYS = 3
    col = column_of(profiles, office, "两周至少1条", date(2026, 9, 29))
    run(date(2026, 9, 30))  # Wednesday before the holiday: Oct 8, 9, 10, 12, 13 are five working days
    assert "休息日" in run(date(2026, 10, 7))  # last day of 国庆: nothing is sent
    run(date(2026, 10, 8))  # Thursday after: Oct 9, Sat 10 (调休), 12, 13 are four
    assert not due_soon_notices(editor, col).exists()
    run(date(2026, 10, 9))
    notice = due_soon_notices(editor, col).get()
    assert notice.due_date == date(2026, 10, 13) and notice.sent_on == date(2026, 10, 9) and "2026-10-13" in notice.message


@pytest.fixture
def table_2027(db):
    """A 网站管理员's entry for 2027 (a year chinese-calendar does not know): 元旦 on Friday 01-01 and a make-up
    working Saturday 01-09 (an example table, entered as the admin would from the notice)."""
    year = DeclaredYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（测试）")
    DeclaredDay.objects.create(declared_year=year, date=date(2027, 1, 1), kind=DeclaredDay.Kind.HOLIDAY, name="元旦")
    DeclaredDay.objects.create(declared_year=year, date=date(2027, 1, 9), kind=DeclaredDay.Kind.WORKDAY, name="调休")
    return year


def test_make_up_saturday_from_the_admins_table_counts(settings, profiles, office, editor, table_2027):
    """每周至少1条, last item Tue 2027-01-05: due Tue 01-12. Saturday 01-09 works by the admin's table, so on
    Thursday 01-07 four working days remain (01-08, 01-09, 01-11, 01-12): the reminder waits for Friday 01-08."""
    settings.EMAIL_BACKEND = LOCMEM
    settings.COLUMN_REMINDER_WORKDAYS = 3
    col = column_of(profiles, office, "每周至少1条", date(2027, 1, 5))
    code, out, err = run_exit(date(2027, 1, 7))
    assert code == 0 and "期限待定" not in err  # 2027 is known from the admin's table
    assert not due_soon_notices(editor, col).exists()
    run(date(2027, 1, 8))
    notice = due_soon_notices(editor, col).get()
    assert notice.due_date == date(2027, 1, 12) and notice.sent_on == date(2027, 1, 8)
    assert "休息日" not in run(date(2027, 1, 9))  # the make-up Saturday is a working day: the round runs


def dashboard(client, user, day, url="/admin/"):
    with time_machine.travel(local(day, 9), tick=False):  # signed in that day: a month-old session has expired
        client.force_login(user)
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def run_exit(day):
    """(exit code, stdout, stderr) of column_reminders on `day` for 渭滨."""
    out, err = StringIO(), StringIO()
    code = 0
    with time_machine.travel(local(day, 8), tick=False):
        try:
            call_command("column_reminders", date=day.isoformat(), site="weibin", stdout=out, stderr=err)
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_unknown_year_is_never_guessed_reminder_waits_as_pending(client, settings, profiles, make_person):
    """每周至少1条, last item Mon 2026-12-28: due Mon 2027-01-04. Whether that is within three working days of
    Wednesday 12-30 depends on 2027's 元旦, which nobody has entered: no 即将到期 notice (a Monday–Friday guess
    would send one), a Chinese message naming the year and what to do, exit 1; the workbench shows 期限待定. Once
    the admin enters 2027, the next run sends it."""
    settings.EMAIL_BACKEND = LOCMEM
    settings.COLUMN_REMINDER_WORKDAYS = 3
    office = profiles["weibin"].departments.get(short_name="区统计局")  # few columns: all on its workbench
    editor = make_person(Role.EDITOR, "weibin", "区统计局")
    col = column_of(profiles, office, "每周至少1条", date(2026, 12, 28))
    stale = column_of(profiles, office, "每周至少1条", date(2026, 12, 1))  # overdue: counts no working days
    code, out, err = run_exit(date(2026, 12, 30))
    assert code == 1
    assert "新提醒" in out and "期限待定" in err and "尚无2027年的节假日安排" in err and "节假日安排" in err
    assert not due_soon_notices(editor, col).exists()
    assert notices(editor, stale).filter(kind=ColumnReminder.Kind.OVERDUE).exists()  # still reminded
    html = dashboard(client, editor, date(2026, 12, 30))
    row = html[html.index(col.title):]
    row = row[:row.index("</tr>")]
    assert "2027-01-04" in row and "期限待定" in row
    html = dashboard(client, make_person(Role.SITE_ADMIN, "weibin"), date(2026, 12, 30), "/admin/columns/status/?site=weibin")
    row = html[html.index(col.title):]
    assert "期限待定" in row[:row.index("</tr>")]

    year = DeclaredYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（测试）")
    DeclaredDay.objects.create(declared_year=year, date=date(2027, 1, 1), kind=DeclaredDay.Kind.HOLIDAY, name="元旦")
    code, out, err = run_exit(date(2026, 12, 30))
    assert code == 0 and "期限待定" not in err
    assert due_soon_notices(editor, col).get().due_date == date(2027, 1, 4)
    html = dashboard(client, editor, date(2026, 12, 30))
    row = html[html.index(col.title):]
    assert "期限待定" not in row[:row.index("</tr>")]


def test_a_day_in_an_unknown_year_does_not_crash_the_round(settings, profiles, office, editor, make_person):
    """Run on 2027-01-04 with no 2027 table: whether it is a working day is unknown — the round still runs
    (overdue and blank notices, the weekly summary, which names the missing year), sends no 即将到期 notice,
    and exits 1 with the Chinese message."""
    settings.EMAIL_BACKEND = LOCMEM
    admin = make_person(Role.SITE_ADMIN, "weibin")
    col = column_of(profiles, office, "每周至少1条", date(2027, 1, 1))
    stale = column_of(profiles, office, "每周至少1条", date(2026, 12, 1))
    code, out, err = run_exit(date(2027, 1, 4))
    assert code == 1 and "尚无2027年的节假日安排" in err and "休息日" not in out
    assert not due_soon_notices(editor, col).exists()
    assert notices(editor, stale).filter(kind=ColumnReminder.Kind.OVERDUE).exists()
    summary = notices(admin).get(kind=ColumnReminder.Kind.WEEKLY)
    assert "期限待定" in summary.message and "2027" in summary.message


def test_due_soon_three_working_days_ahead_not_four(settings, weekly_column, editor):
    settings.EMAIL_BACKEND = LOCMEM
    settings.COLUMN_REMINDER_WORKDAYS = 3
    run(date(2025, 1, 16))  # Thursday: Fri, Mon, Tue, Wed are four working days to the due date
    assert not notices(editor, weekly_column).exists()
    run(date(2025, 1, 17))  # Friday: three
    notice = notices(editor, weekly_column).get()
    assert notice.kind == ColumnReminder.Kind.DUE_SOON and notice.due_date == date(2025, 1, 22)
    assert "2025-01-22" in notice.message and weekly_column.title in notice.title
    assert any(weekly_column.title in m.body and m.to == [editor.email] for m in mail.outbox)


def test_overdue_once_per_due_date_and_idempotent_per_day(settings, weekly_column, editor):
    settings.EMAIL_BACKEND = LOCMEM
    run(date(2025, 1, 23))
    run(date(2025, 1, 23))  # the same day again
    run(date(2025, 1, 24))  # the next day, same due date
    overdue = notices(editor, weekly_column).filter(kind=ColumnReminder.Kind.OVERDUE)
    assert overdue.count() == 1 and overdue.get().sent_on == date(2025, 1, 23)
    mails = [m for m in mail.outbox if weekly_column.title in m.body]
    assert len(mails) == 1
    # A new item moves the due date on; falling behind again is a new overdue notice.
    n = next(_serial)
    place_item(weekly_column, ArticlePage(title=f"渭滨动态{n}", slug=f"rm2-{n}", publish_date=local(date(2025, 1, 24)), body="<p>正文</p>"))
    run(date(2025, 2, 5))
    assert notices(editor, weekly_column).filter(kind=ColumnReminder.Kind.OVERDUE).count() == 2


def test_nothing_is_sent_on_a_rest_day(settings, weekly_column, editor):
    settings.EMAIL_BACKEND = LOCMEM
    assert "休息日" in run(date(2025, 1, 29))
    assert not notices(editor).exists() and not mail.outbox


def test_only_the_responsible_department_is_reminded(settings, weekly_column, editor, make_person):
    settings.EMAIL_BACKEND = LOCMEM
    other = make_person(Role.EDITOR, "weibin", "区应急管理局")
    away = make_person(Role.EDITOR, "weibin", "区政府办")
    away.is_active = False
    away.save()
    run(date(2025, 1, 23))
    assert notices(editor, weekly_column).exists()
    assert not notices(other, weekly_column).exists() and not notices(away).exists()


def test_weekly_summary_once_a_week_to_the_site_admin(settings, weekly_column, make_person):
    settings.EMAIL_BACKEND = LOCMEM
    admin = make_person(Role.SITE_ADMIN, "weibin")
    admin.email = "wzgly@weibin.example"
    admin.save()
    run(date(2025, 1, 23))  # Thursday: the first run of that week
    run(date(2025, 1, 24))
    weekly = notices(admin).filter(kind=ColumnReminder.Kind.WEEKLY)
    assert weekly.count() == 1
    summary = weekly.get()
    assert "空白栏目" in summary.message and weekly_column.title in summary.message and "/admin/columns/status/" in summary.message
    run(date(2025, 2, 5))  # a later week (Wednesday after 春节)
    assert notices(admin).filter(kind=ColumnReminder.Kind.WEEKLY).count() == 2
    assert not notices(admin).exclude(kind=ColumnReminder.Kind.WEEKLY).exists()  # no column notices for admins


def test_failed_email_keeps_the_notice_and_is_retried(settings, weekly_column, editor):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 8189, 2  # nothing listens there
    with pytest.raises(SystemExit) as exit_:
        run(date(2025, 1, 23))
    assert exit_.value.code == 1
    notice = notices(editor, weekly_column).get()
    assert not notice.emailed
    settings.EMAIL_BACKEND = LOCMEM
    run(date(2025, 1, 24))
    notice.refresh_from_db()
    assert notice.emailed and len([m for m in mail.outbox if editor.email in m.to]) == 1


@pytest.mark.parametrize("args", [{"date": "2025-13-01"}, {"date": "yesterday"}, {"site": "nowhere"}])
def test_bad_input_exits_2_in_chinese(args):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("column_reminders", stderr=err, **args)
    assert exit_.value.code == 2
    assert "日期格式错误" in err.getvalue() or "找不到网站" in err.getvalue()
    assert not ColumnReminder.objects.exists()


def test_dashboard_shows_unread_reminders_and_marks_them_read(client, settings, weekly_column, editor, make_person):
    settings.EMAIL_BACKEND = LOCMEM
    run(date(2025, 1, 23))
    client.force_login(editor)
    with time_machine.travel(local(date(2025, 1, 23), 9), tick=False):
        html = client.get("/admin/").content.decode()
    assert "栏目更新提醒" in html and f"栏目已超期：{weekly_column.title}" in html
    someone = make_person(Role.EDITOR, "weibin", "区政府办")
    run_for_other = ColumnReminder.objects.filter(user=someone).count()
    client.post("/admin/columns/reminders/read/")
    assert not notices(editor).filter(read_at__isnull=True).exists()
    assert ColumnReminder.objects.filter(user=someone).count() == run_for_other
    with time_machine.travel(local(date(2025, 1, 23), 9), tick=False):
        assert f"栏目已超期：{weekly_column.title}" not in client.get("/admin/").content.decode()


def test_celery_beat_runs_the_daily_round(settings, weekly_column, editor):
    settings.EMAIL_BACKEND = LOCMEM
    entry = settings.CELERY_BEAT_SCHEDULE["columns-daily-reminders"]
    assert entry["task"] == "columns.send_column_reminders"
    from govsite.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscovery finds columns.tasks
    task = app.tasks[entry["task"]]
    with time_machine.travel(local(date(2025, 1, 23), 8), tick=False):
        assert task.delay().get() >= 1  # in-process without REDIS_URL
    assert notices(editor, weekly_column).filter(kind=ColumnReminder.Kind.OVERDUE).exists()
