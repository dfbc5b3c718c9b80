import pytest

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import items_in_column, place_item, share_to, titles_published_on
from orgs.models import Role
from review.tests.chain_helpers import act, current_task, submit
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def column(code, title):
    return ColumnPage.objects.descendant_of(SiteProfile.objects.get(code=code).site.root_page).filter(title=title).first()


def test_item_shared_to_an_upper_site_is_an_alias_that_follows_edits(client, make_person):
    # 国办函〔2018〕71号 统一信息资源库: an item exists once and appears on several sites (先入库、后使用).
    original = place_item(column("weibin", "今日渭滨"), ArticlePage(
        title="渭滨区启动冬季供暖", slug="heating", source="渭滨区人民政府办公室", body="<p>全区集中供暖于11月15日启动。</p>",
    ))
    alias = share_to(original, column("baoji", "县区动态"))
    assert alias.alias_of_id == original.pk
    # The correction goes through the item's review chain like every edit after publication (issue 8 part 8;
    # 004 第十四条 一般信息: 分管领导审核后发布); the published version stays online until the chain is signed.
    editor = make_person(Role.EDITOR, "weibin", "区政府办")
    leader = make_person(Role.LEADER_IN_CHARGE, "weibin")
    response = submit(client, original, editor, title="渭滨区如期启动冬季供暖", source=original.source)
    assert response.status_code == 302
    alias.refresh_from_db()
    assert alias.title == "渭滨区启动冬季供暖"
    _state, task = current_task(original)
    assert task.name == "分管领导审核"
    assert act(client, original, leader).status_code == 302
    assert current_task(original) == (None, None)
    alias.refresh_from_db()
    assert alias.title == "渭滨区如期启动冬季供暖"
    html = client.get(alias.get_url_parts()[2], HTTP_HOST="baoji.localhost").content.decode()
    assert "渭滨区如期启动冬季供暖" in html and "来源：渭滨区人民政府办公室" in html


def test_column_lists_only_its_live_items_newest_first():
    col = column("weibin", "应急管理")
    older = place_item(col, ArticlePage(title="旧", slug="old"))
    newer = place_item(col, ArticlePage(title="新", slug="new"))
    older.publish_date = newer.publish_date.replace(year=newer.publish_date.year - 1)
    older.save()
    draft = ArticlePage(title="草稿", slug="draft", live=False)
    col.add_child(instance=draft)
    assert [item.title for item in items_in_column(col)] == ["新", "旧"]


def test_titles_published_on_a_site_are_listed_for_duplicate_checks():
    place_item(column("hebjgbz", "工作动态"), ArticlePage(title="全省编办系统工作会议召开", slug="meeting"))
    site = SiteProfile.objects.get(code="hebjgbz").site
    assert "全省编办系统工作会议召开" in titles_published_on(site)
    assert "全省编办系统工作会议召开" not in titles_published_on(SiteProfile.objects.get(code="weibin").site)
