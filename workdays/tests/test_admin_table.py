"""The 网站管理员 fills a year the library does not know, in the admin (设置 → 节假日安排)."""

import datetime

import pytest

from orgs.models import Role
from workdays.models import DeclaredYear
from workdays.services import is_workday

pytestmark = pytest.mark.django_db
URL = "/admin/snippets/workdays/declaredyear/"


def _form(year):
    return {
        "year": str(year), "notice": "国务院办公厅关于2027年部分节假日安排的通知（示例）",
        "days-TOTAL_FORMS": "2", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-01", "days-0-kind": "holiday", "days-0-name": "元旦", "days-0-ORDER": "1", "days-0-DELETE": "",
        "days-0-id": "",
        "days-1-date": "2027-02-20", "days-1-kind": "workday", "days-1-name": "春节", "days-1-ORDER": "2", "days-1-DELETE": "",
        "days-1-id": "",
    }


def test_site_admin_enters_a_year(client, make_person):
    admin = make_person(Role.SITE_ADMIN, "weibin")
    client.force_login(admin)
    assert client.get(URL).status_code == 200
    response = client.post(URL + "add/", _form(2027))
    assert response.status_code == 302, response.content.decode()[:2000]
    year = DeclaredYear.objects.get(year=2027)
    assert year.entered_by == admin and year.days.count() == 2
    assert is_workday(datetime.date(2027, 1, 1)) is False
    assert is_workday(datetime.date(2027, 2, 20)) is True  # a Saturday 补班


def test_an_editor_may_not(client, make_person):
    client.force_login(make_person(Role.EDITOR, "weibin", "区数字化信息服务中心"))
    assert client.get(URL).status_code in (302, 403)
    client.post(URL + "add/", _form(2027))
    assert not DeclaredYear.objects.exists()
