"""Dashboard workbenches (issue 9 part 5), time frozen: a 信息员 sees their department's columns with due dates
and a 发布 shortcut (none for a 数据接口 column, which names its feed instead); a 处室负责人 sees their 处室's; a
网站管理员 sees the site's counts and the way to the 督查 list; other departments' columns stay out; the
number of queries does not grow with the number of columns."""

import itertools
from datetime import date, datetime, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from columns.models import ColumnPage, ColumnResponsibility
from columns.workbench import department_workbenches
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role

pytestmark = pytest.mark.django_db
_serial = itertools.count()
AT = date(2025, 1, 20)


def local(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


def column(profiles, title):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title=title)


def dashboard(client, user):
    client.force_login(user)
    with time_machine.travel(local(AT, 9), tick=False):
        return client.get("/admin/").content.decode()


def test_editor_sees_own_columns_with_due_dates_and_publish_shortcut(client, profiles, make_person):
    today = column(profiles, "今日渭滨")  # 区政府办 · 每日更新
    place_item(today, ArticlePage(title="渭滨要闻", slug=f"wb-{next(_serial)}", publish_date=local(date(2025, 1, 10)), body="<p>正文</p>"))
    html = dashboard(client, make_person(Role.EDITOR, "weibin", "区政府办"))
    assert "我负责的栏目（宝鸡市渭滨区人民政府）" in html
    assert "今日渭滨" in html and "2025-01-11" in html and "已超期" in html  # due the day after its last item
    assert reverse("wagtailadmin_pages:add_subpage", args=[today.pk]) in html
    fed = column(profiles, "国务院信息")
    assert "国务院信息" in html and "数据接口供稿" in html
    assert reverse("wagtailadmin_pages:add_subpage", args=[fed.pk]) not in html
    assert "应急管理" not in html  # 区应急管理局's column


def test_division_head_sees_their_division_and_site_admin_the_summary(client, profiles, make_person):
    html = dashboard(client, make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局"))
    assert "本处室负责的栏目（宝鸡市渭滨区人民政府）" in html and "应急管理" in html and "今日渭滨" not in html
    html = dashboard(client, make_person(Role.SITE_ADMIN, "weibin"))
    assert "栏目更新" in html and "打开栏目更新督查" in html and "/admin/columns/status/?site=weibin" in html
    assert "我负责的栏目" not in html


def test_other_sites_never_show(client, profiles, make_person):
    html = dashboard(client, make_person(Role.EDITOR, "hebjgbz", "监督处"))
    assert "监督检查" in html and "今日渭滨" not in html and "宝鸡市渭滨区人民政府" not in html


def test_queries_do_not_grow_with_columns(profiles, make_person):
    office = profiles["weibin"].departments.get(short_name="区政府办")
    editor = make_person(Role.EDITOR, "weibin", "区政府办")
    parent = column(profiles, "新闻")

    def count():
        editor.__dict__.pop("_govsite_role_assignments", None)
        with CaptureQueriesContext(connection) as captured:
            benches = department_workbenches(editor, at=AT)
        return len(captured.captured_queries), len(benches[0].rows) + benches[0].more

    before, rows_before = count()
    for _ in range(15):
        col = ColumnPage(title=f"工作台测试{next(_serial)}", slug=f"wbt-{next(_serial)}", update_cycle="每月至少1条", category="news")
        parent.add_child(instance=col)
        ColumnResponsibility.objects.create(column=col, organization=office)
    after, rows_after = count()
    assert rows_after == rows_before + 15
    assert after == before
