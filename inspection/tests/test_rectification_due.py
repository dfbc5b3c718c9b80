"""整改 due dates count working days through the workdays app: 国庆 and its make-up Saturday, a year entered in the
网站管理员's holiday table, and a year nobody knows (期限待定, never escalated until the table is entered)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from inspection.models import Rectification
from inspection.rectification import escalate_overdue, update_from_round
from inspection.rounds import Outcome, Problem, record
from workdays.models import DeclaredDay, DeclaredYear

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def round_with_problem(profile, at, key="footer:icp"):
    out = Outcome(problems=[Problem(kind="footer_identity_missing", key=key, label="底部功能区标识缺失",
                                    detail="首页未显示ICP备案号", url="/")])
    inspection_round = record(profile, at, "full", out)
    update_from_round(inspection_round)
    return Rectification.objects.get(site=profile.site, key=key)


def tasks_page(client, person):
    client.force_login(person)
    return client.get("/admin/inspection/tasks/").content.decode()


def test_due_date_skips_national_day_and_counts_the_make_up_saturday(profiles, make_person, client):
    # 2026: 10月1日—7日 放假, 10月10日（星期六）上班. Wednesday 30 September + 3 working days = 8, 9, 10 October.
    task = round_with_problem(profiles["weibin"], datetime(2026, 9, 30, 10, 0, tzinfo=TZ))
    assert task.due == date(2026, 10, 10)
    assert "2026-10-10" in tasks_page(client, make_person("site_admin", "weibin"))


def declare_2027(make_up_day=True):
    year = DeclaredYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（测试）")
    DeclaredDay.objects.create(declared_year=year, date=date(2027, 1, 11), kind=DeclaredDay.Kind.HOLIDAY, name="测试假日")
    DeclaredDay.objects.create(declared_year=year, date=date(2027, 1, 12), kind=DeclaredDay.Kind.HOLIDAY, name="测试假日")
    if make_up_day:
        DeclaredDay.objects.create(declared_year=year, date=date(2027, 1, 9), kind=DeclaredDay.Kind.WORKDAY, name="测试假日")
    return year


@pytest.mark.parametrize("make_up_day, due", [(True, date(2027, 1, 14)), (False, date(2027, 1, 15))])
def test_admin_holiday_table_counts_its_make_up_working_day(profiles, make_up_day, due):
    # Friday 8 January 2027 (a year chinese-calendar does not know): the table's 11–12 January are holidays; with
    # Saturday 9 January declared a working day the 3 days are 9, 13, 14 January, without it 13, 14, 15.
    declare_2027(make_up_day)
    assert round_with_problem(profiles["weibin"], datetime(2027, 1, 8, 10, 0, tzinfo=TZ)).due == due


def test_unknown_year_shows_pending_and_is_not_escalated_until_the_table_is_entered(profiles, make_person, client):
    admin = make_person("site_admin", "weibin")
    task = round_with_problem(profiles["weibin"], datetime(2027, 1, 8, 10, 0, tzinfo=TZ))
    assert task.due is None  # never a guessed Monday–Friday date
    page = tasks_page(client, admin)
    assert '<td class="due">期限待定</td>' in page

    assert escalate_overdue(datetime(2027, 6, 1, 10, 0, tzinfo=TZ)) == []
    task.refresh_from_db()
    assert task.status == Rectification.Status.OPEN and not task.escalated_to.exists()

    declare_2027()  # the 网站管理员 enters the year's notice: the date is computed and the escalation follows
    assert escalate_overdue(datetime(2027, 6, 1, 10, 0, tzinfo=TZ)) == [task]
    task.refresh_from_db()
    assert task.due == date(2027, 1, 14) and task.status == Rectification.Status.ESCALATED
    assert admin in task.escalated_to.all()
    assert "2027-01-14" in tasks_page(client, admin)
