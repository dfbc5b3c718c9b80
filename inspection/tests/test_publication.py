"""The quarterly 检查情况及整改情况 (001 第三十二条) reaches citizens on the portal only through the review chain:
the 网站管理员 generates it from the rounds, it waits as a draft in the 季度检查情况 column, and after the chain's
last approval a visitor reads its figures and downloads the xlsx there."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from content.models import ArticlePage
from inspection.rounds import run_round
from orgs.models import Role
from review.chains import review_groups_of
from review.tests.chain_helpers import act, approver_for, current_task

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 18, 10, 0, tzinfo=timezone.get_default_timezone())
HOST = {"HTTP_HOST": "hebei.localhost"}


@pytest.fixture
def people(make_person, profiles):
    people = {
        "site_admin": make_person(Role.SITE_ADMIN, "hebei"),
        "head": make_person(Role.DIVISION_HEAD, "hebei", "省政府办公厅政府网站管理处"),
        "leader": make_person(Role.LEADER_IN_CHARGE, "hebei"),
        "principal": make_person(Role.PRINCIPAL, "hebei"),
        "group_member": make_person(Role.PRINCIPAL, "hebei"),
    }
    people["group_member"].groups.add(*review_groups_of(profiles["hebei"].site))
    return people


def test_quarterly_report_is_published_on_the_portal_after_review(client, profiles, people):
    with time_machine.travel(NOW, tick=False):
        run_round(profiles["hebei"])
    client.force_login(people["site_admin"])
    response = client.post("/admin/inspection/report/quarterly/publish/",
                           {"site": "hebei", "year": "2026", "quarter": "1"}, follow=True)
    assert response.status_code == 200
    item = ArticlePage.objects.get(title="2026年第1季度政府网站检查情况及整改情况")
    assert item.get_parent().title == "季度检查情况" and not item.live
    assert "已生成并提交审核" in response.content.decode()
    url = item.get_url(request=None, current_site=profiles["hebei"].site)
    client.logout()
    assert client.get(url, **HOST).status_code == 404  # not online before the chain approves

    for _step in range(10):
        _state, task = current_task(item)
        if task is None:
            break
        assert act(client, item, approver_for(task, people)).status_code in (200, 302)
    client.logout()
    item.refresh_from_db()
    assert item.live
    page = client.get(url, **HOST).content.decode()
    assert "2026年第1季度政府网站检查情况及整改情况" in page
    assert "网站：河北省人民政府门户网站" in page or "网站：" + profiles["hebei"].full_name in page
    assert "最近一次结论：不合格" in page and "检查次数：1" in page
    assert ".xlsx" in page  # the table as 附件
    column = client.get(item.get_parent().get_url(request=None, current_site=profiles["hebei"].site), **HOST).content.decode()
    assert item.title in column


def test_site_without_report_column_is_told_in_chinese(client, profiles, make_person):
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    response = client.post("/admin/inspection/report/bulletin/publish/",
                           {"site": "hebjgbz", "year": "2026", "half": "1"}, follow=True)
    assert "没有用于公开检查情况的栏目" in response.content.decode()
    assert not ArticlePage.objects.filter(title__contains="网站检查情况部门通报").exists()
