"""columns.feeds, rule by rule (issue 14 mutation tests): which 保障方式 texts mark a column as fed by an import
source (004 内容保障工作任务分解表: 数据接口, 服务接口), the exact refusal an editor reads, and that the refusal
answers for the column itself, for a plain Page of it, and for any item under it — and for nothing else."""

import pytest
from wagtail.models import Page

from columns.feeds import (
    feed_description, import_markers, is_import_fed, item_refusals, manual_posting_refusals, placement_refusals,
)
from columns.models import ColumnPage
from content.models import ArticlePage

TAIL = "信息员不能在此手工添加或发布信息，内容由导入接口自动更新。"


@pytest.mark.parametrize("guarantee, markers", [
    ("数据接口", ["数据接口"]),
    ("服务接口\n数据接口", ["数据接口", "服务接口"]),   # in the data file's order
    ("链接、服务接口", ["服务接口"]),
    ("直接发布，数据接口", ["数据接口"]),
    ("直接发布,服务接口", ["服务接口"]),
    ("链接/数据接口", ["数据接口"]),
    ("链接；服务接口", ["服务接口"]),
    ("链接;数据接口", ["数据接口"]),
    ("链接\n\n服务接口", ["服务接口"]),
    ("政务数据接口", ["数据接口"]),                     # a line ending in the marker
    ("数据接口。", ["数据接口"]),                        # trailing full stop
    ("数据 接口", ["数据接口"]),                         # spaces inside
    ("　数据接口　", ["数据接口"]),        # ideographic spaces
    ("数据接口说明", []),                                # the marker not at the end: no
    ("链接数据", []),
    ("直接发布", []),
    ("", []),
    (None, []),
])
def test_import_markers(guarantee, markers):
    assert import_markers(guarantee) == markers


def test_a_column_without_a_guarantee_is_not_fed():
    assert is_import_fed(object()) is False
    assert is_import_fed(ColumnPage(guarantee="服务接口")) is True
    assert is_import_fed(ColumnPage(guarantee="审核发布")) is False


def test_feed_description_names_the_source_and_kinds():
    column = ColumnPage(guarantee="链接\n服务接口\n数据接口", feed_source="  中国政府网“国务院信息”  ")
    assert feed_description(column) == "本栏目由“中国政府网“国务院信息””通过数据接口、服务接口供稿。"


@pytest.mark.parametrize("source", ["", "   ", None])
def test_feed_description_asks_for_the_unregistered_source(source):
    column = ColumnPage(guarantee="数据接口", feed_source=source)
    assert feed_description(column) == "本栏目由数据接口供稿（供稿来源未登记，请网站管理员在栏目设置中填写）。"


def test_manual_posting_refusals():
    assert manual_posting_refusals(None) == []
    assert manual_posting_refusals(ColumnPage(guarantee="直接发布")) == []
    assert manual_posting_refusals(ColumnPage(guarantee="数据接口", feed_source="省政府门户")) == [
        "本栏目由“省政府门户”通过数据接口供稿。" + TAIL]


# --- on the seed site 渭滨区 (004: 国务院信息 · 数据接口; 新闻头条 · 直接发布) -----------------------------------


def seed_column(profiles, title):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title=title)


REFUSAL = "本栏目由数据接口供稿（供稿来源未登记，请网站管理员在栏目设置中填写）。" + TAIL


@pytest.mark.django_db
def test_placement_under_a_fed_column_is_refused_as_column_or_as_plain_page(profiles):
    fed, direct = seed_column(profiles, "国务院信息"), seed_column(profiles, "新闻头条")
    assert placement_refusals(None, fed) == [REFUSAL]
    assert placement_refusals(None, Page.objects.get(pk=fed.pk)) == [REFUSAL]
    assert placement_refusals(None, direct) == []
    assert placement_refusals(None, Page.objects.get(pk=direct.pk)) == []


@pytest.mark.django_db
def test_placement_under_a_page_that_is_no_column_is_free(profiles):
    home = Page.objects.get(pk=profiles["weibin"].site.root_page_id)
    assert placement_refusals(None, home) == []
    assert placement_refusals(None, Page(path="", title="未保存")) == []


@pytest.mark.django_db
def test_an_item_in_a_fed_column_may_not_be_published_by_hand(profiles):
    fed, direct = seed_column(profiles, "国务院信息"), seed_column(profiles, "新闻头条")
    assert item_refusals(ArticlePage(title="手工稿件", path=fed.path + "0001", depth=fed.depth + 1)) == [REFUSAL]
    assert item_refusals(ArticlePage(title="手工稿件", path=direct.path + "0001", depth=direct.depth + 1)) == []
    assert item_refusals(fed) == []  # the column itself is no item
    assert item_refusals(ArticlePage(title="未放置", path="")) == []
    assert item_refusals(Page(title="根", path="0001", depth=1)) == []  # the tree root has no column above it


def test_any_page_with_a_guarantee_is_described_without_a_source():
    from types import SimpleNamespace

    assert feed_description(SimpleNamespace(guarantee="服务接口")) == (
        "本栏目由服务接口供稿（供稿来源未登记，请网站管理员在栏目设置中填写）。")


@pytest.mark.django_db
def test_a_column_under_a_fed_column_is_no_item_of_it(profiles):
    fed = seed_column(profiles, "国务院信息")
    sub = ColumnPage(title="子栏目", guarantee="直接发布", path=fed.path + "0001", depth=fed.depth + 1)
    assert item_refusals(sub) == []


@pytest.mark.django_db
def test_pages_that_are_no_column_are_answered_without_a_query(profiles, django_assert_num_queries):
    from columns.feeds import _column_content_type_id

    _column_content_type_id()  # the content type, cached once per process
    home = Page.objects.get(pk=profiles["weibin"].site.root_page_id)
    with django_assert_num_queries(0):  # each editor's page listing asks this for every row
        assert placement_refusals(None, home) == []
        assert placement_refusals(None, Page(path="", title="未保存")) == []
        assert item_refusals(Page(title="根", path="0001", depth=1)) == []
        assert item_refusals(ArticlePage(title="未放置", path="")) == []


@pytest.mark.django_db
def test_a_plain_page_of_a_column_is_answered_with_one_small_query(profiles, django_assert_num_queries):
    from columns.feeds import _column_content_type_id

    _column_content_type_id()
    fed = seed_column(profiles, "国务院信息")
    as_page = Page.objects.get(pk=fed.pk)
    item = ArticlePage(title="手工稿件", path=fed.path + "0001", depth=fed.depth + 1)
    with django_assert_num_queries(1):  # the column's 保障方式 and 供稿来源 in one query, nothing loaded later
        assert placement_refusals(None, as_page) == [REFUSAL]
    with django_assert_num_queries(1):
        assert item_refusals(item) == [REFUSAL]
