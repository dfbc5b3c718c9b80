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
from columns.workdays import is_workday, workdays_until
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role

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


def test_working_days_follow_the_holiday_table():
    assert is_workday(date(2025, 1, 26))  # Sunday, 春节调休 working day
    assert not is_workday(date(2025, 1, 29))  # 春节
    assert not is_workday(date(2025, 1, 18))  # Saturday
    assert workdays_until(date(2025, 1, 17), date(2025, 1, 22)) == 3  # Mon, Tue, Wed
    assert workdays_until(date(2025, 1, 24), date(2025, 2, 5)) == 3  # Sun 26th (调休), Mon 27th, Wed 5th


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
