"""数据接口 / 服务接口 columns take no items by hand (004 内容保障工作任务分解表): the rule answers on every path
Wagtail opens — the add-subpage and create URLs, bulk publish, bulk move, copy, a workflow-style publication by a
person — while the import path (content.services, SYSTEM_LOAD) still places and publishes items. Each refusal
is checked against the same action in a 直接发布 column of the same department, which succeeds."""

import itertools

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from columns.feeds import import_markers, is_import_fed
from columns.models import ColumnPage
from columns.services import import_feed, requires_office_review
from content.models import ArticlePage
from content.publishing import PublicationRefused
from content.services import place_item
from orgs.models import Role
from orgs.page_permissions import publication_gate

pytestmark = pytest.mark.django_db
_serial = itertools.count()


def column(profiles, title, code="weibin"):
    return ColumnPage.objects.descendant_of(profiles[code].site.root_page).get(title=title)


@pytest.fixture
def fed(profiles):
    return column(profiles, "国务院信息")  # 004: 国务院信息 · 区政府办 · 数据接口 · 实时更新


@pytest.fixture
def direct(profiles):
    return column(profiles, "新闻头条")  # 004: 新闻头条 · 区政府办 · 直接发布


def draft_in(col, owner=None):
    n = next(_serial)
    item = ArticlePage(title=f"手工稿件{n}", slug=f"hand-{n}", body="<p>近日，区政府召开常务会议。</p>", live=False, owner=owner)
    col.add_child(instance=item)
    item.save_revision(user=owner)
    return ArticlePage.objects.get(pk=item.pk)


def bulk_url(action, *pages):
    ids = "&".join(f"id={p.pk}" for p in pages)
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", action)) + f"?{ids}&next=/admin/"


@pytest.mark.parametrize("guarantee, markers", [
    ("数据接口", ["数据接口"]), ("服务接口", ["服务接口"]), ("链接\n服务接口\n数据接口", ["数据接口", "服务接口"]),
    ("直接发布", []), ("审核发布", []), ("跳转链接", []), ("", []), (None, []),
])
def test_import_markers(guarantee, markers):
    assert sorted(import_markers(guarantee)) == sorted(markers)


@pytest.mark.parametrize("guarantee, office", [
    ("审核发布", True), ("政府办审核发布", True), ("直接发布", False), ("数据接口", False), ("", False),
])
def test_requires_office_review_reads_the_guarantee(guarantee, office):
    assert requires_office_review(ColumnPage(guarantee=guarantee)) is office


def test_seed_interface_columns_are_import_fed(fed, direct):
    assert is_import_fed(fed) and not is_import_fed(direct)
    assert "数据接口" in import_feed(fed) and "未登记" in import_feed(fed)
    ColumnPage.objects.filter(pk=fed.pk).update(feed_source="中国政府网“国务院信息”")
    fed.refresh_from_db()
    assert "中国政府网“国务院信息”" in import_feed(fed) and import_feed(direct) is None


@pytest.mark.parametrize("role, dept", [(Role.EDITOR, "区政府办"), (Role.SITE_ADMIN, None)])
def test_add_subpage_urls_refuse_an_import_fed_column(client, make_person, fed, direct, role, dept):
    client.force_login(make_person(role, "weibin", dept))
    before = ArticlePage.objects.count()
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[direct.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[fed.pk])).status_code in (302, 403)
    create = reverse("wagtailadmin_pages:add", args=("content", "articlepage", fed.pk))
    data = nested_form_data({"title": "手工国务院信息", "slug": "hand-gwy", "body": rich_text("<p>正文</p>"), "publish_date": "2025-01-15 10:00"})
    assert client.post(create, data).status_code in (302, 403)
    assert ArticlePage.objects.count() == before
    assert not fed.get_children().filter(title="手工国务院信息").exists()


def test_tester_answers_for_the_fed_column_and_its_items(make_person, fed, direct):
    editor = make_person(Role.EDITOR, "weibin", "区政府办")
    assert direct.permissions_for_user(editor).can_add_subpage()
    assert not fed.permissions_for_user(editor).can_add_subpage()
    head = make_person(Role.DIVISION_HEAD, "weibin", "区政府办")
    # Neither unreviewed draft goes online directly (000 第六条 / 002 第五条: 未经审核的信息不得上网); the one in
    # the 直接发布 column waits only for its review chain, the fed column's also refuses any hand-made item.
    hand, control = draft_in(fed, editor), draft_in(direct, editor)
    assert not control.permissions_for_user(head).can_publish()
    assert not hand.permissions_for_user(head).can_publish()
    assert not any("数据接口" in reason for reason in publication_gate(head, control))
    assert any("数据接口" in reason for reason in publication_gate(head, hand))


def test_bulk_publish_refuses_a_hand_made_item_in_a_fed_column(client, make_person, fed, direct):
    editor = make_person(Role.EDITOR, "weibin", "区政府办")
    head = make_person(Role.DIVISION_HEAD, "weibin", "区政府办")
    hand, control = draft_in(fed, editor), draft_in(direct, editor)
    client.force_login(head)
    client.post(bulk_url("publish", hand, control), {"include_descendants": ""})
    # Bulk publish asks the same tester: the unreviewed 直接发布 draft waits for its chain (000 第六条), the fed
    # column's draft is refused by the 数据接口 rule as well.
    assert not ArticlePage.objects.get(pk=control.pk).live
    assert not ArticlePage.objects.get(pk=hand.pk).live
    assert not any("数据接口" in reason for reason in publication_gate(head, control))
    assert any("数据接口" in reason for reason in publication_gate(head, hand))


def test_publication_by_a_person_is_refused_by_the_publishing_gate(make_person, fed):
    # A workflow approval or a revert reaches page.publish() without the tester: content.publishing's gate.
    editor = make_person(Role.EDITOR, "weibin", "区政府办")
    head = make_person(Role.DIVISION_HEAD, "weibin", "区政府办")
    hand = draft_in(fed, editor)
    with pytest.raises(PublicationRefused) as refused:
        hand.get_latest_revision().publish(user=head)
    assert "数据接口" in str(refused.value)
    assert not ArticlePage.objects.get(pk=hand.pk).live


def test_bulk_move_into_a_fed_column_is_refused(client, make_person, profiles, fed, direct):
    source = column(profiles, "今日渭滨")
    moved, kept = (place_item(source, ArticlePage(title=f"移动测试{n}", slug=f"mv-{n}", body="<p>正文</p>")) for n in (next(_serial), next(_serial)))
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    client.post(bulk_url("move", kept), {"chooser": fed.pk})
    client.post(bulk_url("move", moved), {"chooser": direct.pk})
    assert Page.objects.get(pk=kept.pk).get_parent().pk == source.pk
    assert Page.objects.get(pk=moved.pk).get_parent().pk == direct.pk


def test_copy_into_a_fed_column_is_refused(client, make_person, profiles, fed):
    source = column(profiles, "今日渭滨")
    item = place_item(source, ArticlePage(title=f"复制测试{next(_serial)}", slug=f"cp-{next(_serial)}", body="<p>正文</p>"))
    admin = make_person(Role.SITE_ADMIN, "weibin")
    assert not item.permissions_for_user(admin).can_copy_to(fed)
    client.force_login(admin)
    client.post(reverse("wagtailadmin_pages:copy", args=[item.pk]), {"new_title": "复制件", "new_slug": "copy-into-fed", "new_parent_page": fed.pk})
    assert not fed.get_children().filter(slug="copy-into-fed").exists()


def test_the_import_path_still_places_and_publishes(fed):
    item = place_item(fed, ArticlePage(title="国务院常务会议", slug=f"gwy-{next(_serial)}", body="<p>国务院常务会议召开。</p>"))
    assert ArticlePage.objects.get(pk=item.pk).live and item.get_parent().pk == fed.pk


def test_the_admin_names_the_feed_where_the_editor_sees_the_column(client, make_person, profiles, fed, direct):
    client.force_login(make_person(Role.EDITOR, "weibin", "区政府办"))
    html = client.get(reverse("wagtailadmin_explore", args=[fed.get_parent().pk])).content.decode()
    assert "国务院信息（数据接口供稿）" in html
    assert "新闻头条（" not in html  # a 直接发布 column keeps its plain title
    page = client.get(reverse("wagtailadmin_explore", args=[fed.pk])).content.decode()
    assert "国务院信息（数据接口供稿）" in page
    assert reverse("wagtailadmin_pages:add_subpage", args=[fed.pk]) not in page
