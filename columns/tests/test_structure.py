"""Column structure changes (issue 9 part 7) with time frozen: closing asks where the items go and moves them,
merging, reopening — each in the site's 备案记录 with its date (001 第十七条), all or nothing, for the 网站管理员
only; a closed column's page no longer answers; 专题专栏 are tracked only between their dates (001 第七条)."""

import itertools
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from columns.models import ColumnPage
from columns.services import column_status
from columns.structure import StructureError, close_column, merge_columns, reopen_column
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role
from sites.services import filing_history

pytestmark = pytest.mark.django_db
_serial = itertools.count()
NOW = datetime(2025, 3, 3, 10, 0)


def local(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(timezone.make_aware(NOW, timezone.get_default_timezone()), tick=False):
        yield


def column(profiles, title):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title=title)


def items_in(col, n=2):
    out = []
    for _ in range(n):
        k = next(_serial)
        out.append(place_item(col, ArticlePage(title=f"结构测试信息{k}", slug=f"st-{k}", publish_date=local(date(2025, 2, 20)), body="<p>正文</p>")))
    return out


def filed(profile):
    """The 备案 entries made today (the frozen day), newest first: the seed load's own entries are dated when the
    test database was built."""
    return [(e.timestamp.date(), e.data["changes"]) for e in filing_history(profile) if e.timestamp.date() == NOW.date()]


def public(client, path):
    return client.get(path, HTTP_HOST="weibin.localhost").status_code


def test_close_moves_items_where_asked_and_files_it(client, profiles, make_person):
    media, today = column(profiles, "媒体要闻"), column(profiles, "今日渭滨")
    items = items_in(media)
    media_url, item_url = media.get_url_parts()[2], items[0].get_url_parts()[2]
    admin = make_person(Role.SITE_ADMIN, "weibin")
    assert close_column(media, user=admin, items_to=today) == 2
    assert not ColumnPage.objects.get(pk=media.pk).live
    assert {Page.objects.get(pk=i.pk).get_parent().pk for i in items} == {today.pk}
    assert all(ArticlePage.objects.get(pk=i.pk).live for i in items)
    assert public(client, media_url) == 404  # the closed column's page
    assert public(client, ArticlePage.objects.get(pk=items[0].pk).get_url_parts()[2]) == 200  # at its new address
    old = client.get(item_url, HTTP_HOST="weibin.localhost")  # Wagtail's redirects keep the old address working
    assert old.status_code == 301 and old["Location"].endswith(ArticlePage.objects.get(pk=items[0].pk).get_url_parts()[2])
    entries = filed(profiles["weibin"])
    assert len(entries) == 2
    kinds = {key for _, changes in entries for key in changes}
    assert {"closed", "items_moved"} <= kinds
    assert any("2 条信息" in changes["items_moved"][1] for _, changes in entries if "items_moved" in changes)
    at = date(2025, 3, 3)
    assert media.pk not in {c.column_id for c in column_status("weibin", at=at).columns}


def test_close_with_items_offline_and_reopen(client, profiles, make_person):
    col = column(profiles, "基层动态")
    items = items_in(col, 1)
    admin = make_person(Role.SITE_ADMIN, "weibin")
    col_url = col.get_url_parts()[2]
    close_column(col, user=admin)
    assert not ArticlePage.objects.get(pk=items[0].pk).live and Page.objects.get(pk=items[0].pk).get_parent().pk == col.pk
    assert public(client, col_url) == 404
    reopen_column(col, user=admin)
    assert ColumnPage.objects.get(pk=col.pk).live and public(client, col_url) == 200
    assert "opened" in filed(profiles["weibin"])[0][1]
    assert col.pk in {c.column_id for c in column_status("weibin", at=date(2025, 3, 3)).columns}


def test_merge_moves_items_and_files_the_merge(profiles, make_person):
    source, target = column(profiles, "媒体要闻"), column(profiles, "新闻头条")
    items = items_in(source)
    merge_columns(source, target, user=make_person(Role.SITE_ADMIN, "weibin"))
    assert {Page.objects.get(pk=i.pk).get_parent().pk for i in items} == {target.pk}
    merged = [c for _, c in filed(profiles["weibin"]) if "merged" in c]
    assert merged and merged[0]["merged"][0].endswith("媒体要闻") and merged[0]["merged"][1].endswith("新闻头条")


def test_only_the_site_admin_restructures_and_nothing_changes_otherwise(profiles, make_person):
    col, target = column(profiles, "媒体要闻"), column(profiles, "今日渭滨")
    items = items_in(col)
    before = len(filed(profiles["weibin"]))
    for user in (make_person(Role.EDITOR, "weibin", "区政府办"), make_person(Role.DIVISION_HEAD, "weibin", "区政府办"),
                 make_person(Role.SITE_ADMIN, "hebjgbz")):
        with pytest.raises(StructureError):
            close_column(col, user=user, items_to=target)
    assert ColumnPage.objects.get(pk=col.pk).live
    assert {Page.objects.get(pk=i.pk).get_parent().pk for i in items} == {col.pk}
    assert len(filed(profiles["weibin"])) == before


def test_merging_into_a_fed_column_is_refused_whole(profiles, make_person):
    col, fed = column(profiles, "媒体要闻"), column(profiles, "国务院信息")
    items = items_in(col)
    before = len(filed(profiles["weibin"]))
    with pytest.raises(StructureError) as refused:
        merge_columns(col, fed, user=make_person(Role.SITE_ADMIN, "weibin"))
    assert "数据接口" in str(refused.value)
    assert ColumnPage.objects.get(pk=col.pk).live
    assert {Page.objects.get(pk=i.pk).get_parent().pk for i in items} == {col.pk}
    assert len(filed(profiles["weibin"])) == before


def test_a_column_with_open_sub_columns_is_not_closed(profiles, make_person):
    with pytest.raises(StructureError) as refused:
        close_column(column(profiles, "新闻"), user=make_person(Role.SITE_ADMIN, "weibin"))
    assert "下级栏目" in str(refused.value)
    assert ColumnPage.objects.get(pk=column(profiles, "新闻").pk).live


def test_close_form_asks_where_items_go(client, profiles, make_person):
    col, target = column(profiles, "媒体要闻"), column(profiles, "今日渭滨")
    items = items_in(col)
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    url = reverse("columns_close", args=[col.pk])
    html = client.get(url).content.decode()
    assert "本栏目有 2 条信息" in html and "转入另一个栏目" in html and "随栏目一并下线" in html
    html = client.post(url, {"items": "move"}).content.decode()  # no destination chosen
    assert "请选择信息转入的栏目" in html and ColumnPage.objects.get(pk=col.pk).live
    client.post(url, {"items": "move", "destination": target.pk})
    assert not ColumnPage.objects.get(pk=col.pk).live
    assert {Page.objects.get(pk=i.pk).get_parent().pk for i in items} == {target.pk}
    explorer = client.get(reverse("wagtailadmin_explore", args=[col.get_parent().pk])).content.decode()
    assert reverse("columns_reopen", args=[col.pk]) in explorer


def test_close_views_are_the_site_admins(client, profiles, make_person):
    col = column(profiles, "媒体要闻")
    client.force_login(make_person(Role.EDITOR, "weibin", "区政府办"))
    assert client.get(reverse("columns_close", args=[col.pk])).status_code in (302, 403)
    client.post(reverse("columns_close", args=[col.pk]), {"items": "offline"})
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    client.post(reverse("columns_merge", args=[col.pk]), {"destination": column(profiles, "今日渭滨").pk})
    assert ColumnPage.objects.get(pk=col.pk).live


def test_special_columns_are_tracked_between_their_dates(profiles):
    topic = column(profiles, "优化提升营商环境")  # 专题专栏 · 每周至少1条
    ColumnPage.objects.filter(pk=topic.pk).update(special_starts_on=date(2025, 1, 1), special_ends_on=date(2025, 1, 31))
    ids = lambda at: {c.column_id for c in column_status("weibin", at=at).columns}  # noqa: E731
    assert topic.pk not in ids(date(2024, 12, 31))
    assert topic.pk in ids(date(2025, 1, 31))
    assert topic.pk not in ids(date(2025, 2, 1))
    parent = column(profiles, "专题专栏")
    ColumnPage.objects.filter(pk=parent.pk).update(special_ends_on=date(2025, 1, 31))
    below = {c.pk for c in ColumnPage.objects.child_of(parent)}
    assert not (below | {parent.pk}) & ids(date(2025, 2, 1))  # an ended 专题 takes the columns below it along


def test_special_dates_in_the_wrong_order_are_refused(profiles):
    from django.core.exceptions import ValidationError

    topic = column(profiles, "优化提升营商环境")
    topic.special_starts_on, topic.special_ends_on = date(2025, 2, 1), date(2025, 1, 1)
    with pytest.raises(ValidationError) as error:
        topic.full_clean()
    assert "专题结束日期不能早于开始日期" in str(error.value)
