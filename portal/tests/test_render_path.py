"""The uncached render of a public page (issue 11 part 4: an item page, right after its publication, must not cost
more on a big site): the pages between the home page and an item are kept per site (portal.route_cache), the item
itself is read from the database, and every change to the tree still reaches the visitor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from columns.models import ColumnPage
from content.models import ArticlePage
from content.publishing import SYSTEM_LOAD, publication_path
from content.services import place_item
from portal import cache as page_cache
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def get(client, path, code="weibin"):
    return client.get(path, HTTP_HOST=f"{code}.localhost")


def url(page):
    return page.get_url_parts()[2]


@pytest.fixture
def news(db):
    home = SiteProfile.objects.get(code="weibin").site.root_page
    return ColumnPage.objects.descendant_of(home).get(title="应急管理")


def republish(page):
    with publication_path(SYSTEM_LOAD):
        page.save_revision().publish()


def page_tree_reads(queries):
    return [q["sql"] for q in queries.captured_queries if '"wagtailcore_page"' in q["sql"]]


def test_an_item_just_published_is_rendered_from_its_own_row_and_the_site_kept_columns(client, news):
    item = place_item(news, ArticlePage(title="路由缓存测试", slug="route-cache"))
    assert get(client, url(item)).status_code == 200
    page_cache.bump_pages([item.pk])  # as after a publish of the item
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url(item))
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "路由缓存测试" in html and f">{news.title}</a>" in html  # the breadcrumb names its column
    assert f'name="ColumnName" content="{news.title}"' in html
    reads = page_tree_reads(queries)
    assert len(reads) == 1 and f"= {item.pk}" in reads[0] and "LIKE" not in reads[0]  # the item, by its id
    assert len(queries.captured_queries) <= 4


def test_a_renamed_item_answers_at_its_new_address_only(client, news):
    item = place_item(news, ArticlePage(title="改名前", slug="before-rename"))
    old = url(item)
    assert get(client, old).status_code == 200
    item.slug = "after-rename"
    republish(item)
    assert get(client, old).status_code == 404
    assert "改名前" in get(client, url(ArticlePage.objects.get(pk=item.pk))).content.decode()


def test_a_renamed_column_moves_its_items_addresses(client, news):
    item = place_item(news, ArticlePage(title="栏目改名测试", slug="column-rename"))
    old = url(item)
    assert get(client, old).status_code == 200
    news.slug = "ying-ji-xin"
    republish(news)
    assert get(client, old).status_code in (301, 404)
    moved = ArticlePage.objects.get(pk=item.pk)
    assert "/ying-ji-xin/" in url(moved) and "栏目改名测试" in get(client, url(moved)).content.decode()


def test_a_page_put_where_a_deleted_one_was_is_the_one_served(client, news):
    first = place_item(news, ArticlePage(title="先前的信息", slug="same-place"))
    path = url(first)
    assert "先前的信息" in get(client, path).content.decode()
    first.delete()
    assert get(client, path).status_code == 404
    place_item(news, ArticlePage(title="后来的信息", slug="same-place"))
    html = get(client, path).content.decode()
    assert "后来的信息" in html and "先前的信息" not in html


def test_a_retitled_column_shows_its_new_title_on_its_items(client, news):
    item = place_item(news, ArticlePage(title="栏目标题测试", slug="column-title"))
    assert f">{news.title}</a>" in get(client, url(item)).content.decode()
    news.title = "应急管理（新）"
    republish(news)
    html = get(client, url(item)).content.decode()
    assert ">应急管理（新）</a>" in html and 'name="ColumnName" content="应急管理（新）"' in html
