"""保障方式 跳转链接 on the public site, and the 网站管理员's 栏目更新督查 list with its xlsx export."""

import itertools
from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role

pytestmark = pytest.mark.django_db
_serial = itertools.count()
STATUS_URL = "/admin/columns/status/"


def column(profiles, site_code, title):
    return ColumnPage.objects.descendant_of(profiles[site_code].site.root_page).get(title=title)


def public(client, col, code="weibin"):
    return client.get(col.get_url_parts()[2], HTTP_HOST=f"{code}.localhost")


@pytest.mark.parametrize("url", ["https://www.gov.cn/hudong/ducha/", "http://www.baoji.gov.cn/"])
def test_link_column_redirects_to_its_target(client, profiles, url):
    col = column(profiles, "weibin", "国务院 互联网+督查")
    assert col.guarantee == "跳转链接"
    ColumnPage.objects.filter(pk=col.pk).update(link_url=url)
    response = public(client, col)
    assert response.status_code == 302 and response["Location"] == url


def test_link_column_without_a_valid_target_shows_its_page(client, profiles):
    col = column(profiles, "weibin", "国务院 互联网+督查")
    assert public(client, col).status_code == 200  # no address written: nothing to redirect to
    ColumnPage.objects.filter(pk=col.pk).update(link_url="javascript:alert(1)")  # stored behind the form's back
    assert public(client, col).status_code == 200


def test_ordinary_column_is_not_redirected(client, profiles):
    assert public(client, column(profiles, "weibin", "今日渭滨")).status_code == 200


# --- 栏目更新督查 ---------------------------------------------------------------------------------------------


def test_site_admin_sees_every_column_by_status(client, profiles, make_person):
    col = column(profiles, "weibin", "今日渭滨")
    n = next(_serial)
    when = timezone.make_aware(datetime.combine(date(2025, 1, 10), time(9)))
    place_item(col, ArticlePage(title=f"渭滨新闻第{n}期", slug=f"adm-{n}", publish_date=when, body="<p>正文</p>"))
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))

    html = client.get(STATUS_URL, {"at": "2025-01-20"}).content.decode()
    assert "栏目更新督查" in html and "今日渭滨" in html and "空白栏目" in html
    assert "单项否决：空白栏目" in html

    overdue = client.get(STATUS_URL, {"at": "2025-01-20", "status": "已超期"}).content.decode()
    assert "今日渭滨" in overdue and "2025-01-10" in overdue and "2025-01-11" in overdue
    assert "领导信访信箱" not in overdue

    by_department = client.get(STATUS_URL, {"at": "2025-01-20", "department": "区政府办"}).content.decode()
    assert "今日渭滨" in by_department


def test_xlsx_export_lists_what_the_page_lists(client, profiles, make_person):
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    response = client.get(STATUS_URL, {"at": "2025-01-20", "status": "空白栏目", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("网站", "栏目") and "状态" in rows[0] and "信息管理员" in rows[0]
    status_at = rows[0].index("状态")
    assert len(rows) > 5 and {r[status_at] for r in rows[1:]} == {"空白栏目"}
    assert "今日渭滨" in [r[1] for r in rows[1:]]


@pytest.mark.parametrize("role,site", [(Role.EDITOR, "weibin"), (Role.SITE_ADMIN, "hebjgbz")])
def test_only_the_sites_admins_see_its_list(client, profiles, make_person, role, site):
    client.force_login(make_person(role, site, "区政府办" if role == Role.EDITOR else None))
    response = client.get(STATUS_URL, {"site": "weibin"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response.url.startswith(STATUS_URL)
