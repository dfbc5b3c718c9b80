"""The public page cache (portal.cache, portal.middleware): what a visitor gets, and that every change a citizen
must see reaches them."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from columns.models import ColumnPage
from content.models import ArticlePage
from content.publishing import SYSTEM_LOAD, publication_path
from content.services import place_item, share_to
from orgs.models import Role
from portal import cache as page_cache
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def get(client, code, path="/", **extra):
    return client.get(path, HTTP_HOST=f"{code}.localhost", **extra)


def url(page):
    return page.get_url_parts()[2]


def column(code, title):
    return ColumnPage.objects.descendant_of(SiteProfile.objects.get(code=code).site.root_page).get(title=title)


@pytest.fixture
def news(db):
    return column("weibin", "应急管理")


def test_second_view_is_served_from_the_cache_without_touching_the_database(client, news):
    item = place_item(news, ArticlePage(title="防汛应急演练通知", slug="flood-drill"))
    first = get(client, "weibin", url(item))
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "weibin", url(item))
    assert second["X-Page-Cache"] == "hit" and len(queries.captured_queries) == 0
    assert second.content == first.content and "防汛应急演练通知" in second.content.decode()
    for header in ("Content-Type", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header]


def test_public_pages_carry_validators_and_no_vary_cookie(client, news):
    for response in (get(client, "weibin"), get(client, "weibin"), get(client, "weibin", url(news))):
        assert response.status_code == 200
        assert "public" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
        assert "cookie" not in response.get("Vary", "").lower()
        assert not response.cookies  # nothing set, so a shared cache may keep it


def test_conditional_get_answers_304(client, news):
    first = get(client, "weibin", url(news))
    again = get(client, "weibin", url(news), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = get(client, "weibin", url(news), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert get(client, "weibin", url(news), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_publish_shows_the_new_item_on_its_column_the_parent_columns_and_the_home_page(client, news):
    parent = news.get_parent()
    pages = [url(news), url(parent), "/"]
    for path in pages:
        get(client, "weibin", path)
        assert get(client, "weibin", path)["X-Page-Cache"] == "hit"
    place_item(news, ArticlePage(title="森林防火紧急通知", slug="forest-fire"))
    for path in pages:
        response = get(client, "weibin", path)
        assert response["X-Page-Cache"] == "miss", path
        assert "森林防火紧急通知" in response.content.decode(), path


def test_an_unrelated_page_stays_cached_when_an_item_is_published(client, news):
    item = place_item(news, ArticlePage(title="旧闻", slug="old-news"))
    get(client, "weibin", url(item))
    elsewhere = ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="weibin").site.root_page).filter(depth=news.depth).exclude(pk=news.pk).first()
    place_item(elsewhere, ArticlePage(title="别的栏目的新信息", slug="elsewhere-new"))
    assert get(client, "weibin", url(item))["X-Page-Cache"] == "hit"
    item.title = "旧闻（更正）"
    with publication_path(SYSTEM_LOAD):  # a republication as such; the review chain is not what is tested here
        item.save_revision().publish()
    assert get(client, "weibin", url(item))["X-Page-Cache"] == "miss"


def test_unpublish_removes_the_item_from_its_page_and_its_lists(client, news):
    item = place_item(news, ArticlePage(title="将要撤回的信息", slug="withdrawn"))
    for path in (url(item), url(news), "/"):
        get(client, "weibin", path)
    item.unpublish()
    assert get(client, "weibin", url(item)).status_code == 404
    assert "将要撤回的信息" not in get(client, "weibin", url(news)).content.decode()
    assert "将要撤回的信息" not in get(client, "weibin").content.decode()


def test_move_takes_the_item_off_its_old_column_and_onto_the_new_one(client, news):
    target = column("weibin", "应急管理").get_parent()
    target = ColumnPage.objects.child_of(target).exclude(pk=news.pk).filter(numchild=0).first() or news.get_parent()
    item = place_item(news, ArticlePage(title="搬家的信息", slug="moving"))
    old_url = url(item)
    for path in (old_url, url(news), url(target)):
        get(client, "weibin", path)
    item.move(target, pos="last-child")
    item.refresh_from_db()
    assert "搬家的信息" not in get(client, "weibin", url(news)).content.decode()
    assert "搬家的信息" in get(client, "weibin", url(target)).content.decode()
    moved = get(client, "weibin", old_url)  # not the cached page any more: Wagtail's redirect to the new place
    assert moved.status_code == 301 and moved["Location"].endswith(url(item))
    assert get(client, "weibin", url(item)).status_code == 200


def test_a_republished_item_changes_on_the_other_sites_that_show_it_as_an_alias(client, news):
    item = place_item(news, ArticlePage(title="渭滨原稿", slug="shared"))
    baoji_column = ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="baoji").site.root_page).filter(depth=4).first()
    alias = share_to(item, baoji_column)
    for path in (url(alias), url(baoji_column)):
        assert "渭滨原稿" in get(client, "baoji", path).content.decode()
        assert get(client, "baoji", path)["X-Page-Cache"] == "hit"
    item.title = "渭滨修订稿"
    with publication_path(SYSTEM_LOAD):  # a republication as such; the review chain is not what is tested here
        item.save_revision().publish()
    for path in (url(alias), url(baoji_column)):
        html = get(client, "baoji", path).content.decode()
        assert "渭滨修订稿" in html and "渭滨原稿" not in html, path


def test_signed_in_editors_get_fresh_pages_and_never_fill_the_cache(client, news, make_person):
    item = place_item(news, ArticlePage(title="编辑看到的页面", slug="editor-view"))
    client.force_login(make_person(Role.EDITOR, "weibin"))
    as_editor = get(client, "weibin", url(item))
    assert as_editor.status_code == 200 and "X-Page-Cache" not in as_editor
    assert "private" in as_editor["Cache-Control"] and "public" not in as_editor["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert get(client, "weibin", url(item))["X-Page-Cache"] == "miss"  # the editor's render was not stored
    client.force_login(make_person(Role.EDITOR, "weibin"))
    assert "X-Page-Cache" not in get(client, "weibin", url(item))  # nor is the stored one served to the editor


def test_odd_query_strings_are_rendered_but_not_stored(client, news):
    get(client, "weibin", url(news) + "?utm_source=x")
    odd = get(client, "weibin", url(news) + "?utm_source=x")
    assert odd["X-Page-Cache"] == "bypass" and "public" in odd["Cache-Control"]
    get(client, "weibin", url(news) + "?page=1")
    assert get(client, "weibin", url(news) + "?page=1")["X-Page-Cache"] == "hit"


def test_static_publication_writes_the_page_for_nginx_and_removes_it_on_publish(client, news):
    get(client, "weibin", url(news))
    file = page_cache.static_file_for("weibin.localhost", url(news))
    assert file.read_bytes() == get(client, "weibin", url(news)).content
    home = page_cache.static_file_for("weibin.localhost", "/")
    get(client, "weibin", "/")
    assert home.exists()
    place_item(news, ArticlePage(title="新发布", slug="fresh"))
    assert not file.exists() and not home.exists()
    assert "新发布" in get(client, "weibin", url(news)).content.decode() and file.exists()


def test_a_column_change_renews_the_navigation_of_the_whole_site(client, news):
    item = place_item(news, ArticlePage(title="导航测试", slug="nav"))
    top = ColumnPage.objects.child_of(SiteProfile.objects.get(code="weibin").site.root_page).live().filter(show_in_menus=True).first()
    assert top.title in get(client, "weibin", url(item)).content.decode()
    top.title = "改名后的栏目"
    top.save_revision().publish()
    assert "改名后的栏目" in get(client, "weibin", url(item)).content.decode()


def test_site_identity_change_reaches_cached_pages(client, news):
    get(client, "weibin")
    profile = SiteProfile.objects.get(code="weibin")
    profile.contact_phone = "0917-1234567"
    profile.save()
    assert "0917-1234567" in get(client, "weibin").content.decode()


def test_a_render_that_raced_with_a_publish_is_never_served(client, news):
    """Generations are read before rendering: an entry made from the old rows is stored under the old ones."""
    from django.test import RequestFactory

    request = RequestFactory().get(url(news), HTTP_HOST="weibin.localhost")
    site_id = SiteProfile.objects.get(code="weibin").site_id
    before = page_cache.current_generations(site_id, news.pk)
    place_item(news, ArticlePage(title="竞争中的发布", slug="race"))  # publish while the old render runs
    page_cache.store_entry(request, HttpResponse(b"old"), site_id, news.pk, before)
    assert page_cache.cached_entry(request) is None
    assert page_cache.write_static_file(request, b"old", site_id, news.pk, before) is None


def test_query_count_of_an_article_does_not_grow_with_other_columns(client, news, django_assert_max_num_queries):
    from django.core.cache import cache

    item = place_item(news, ArticlePage(title="查询次数", slug="queries"))
    cache.clear()
    with CaptureQueriesContext(connection) as baseline:
        assert get(client, "weibin", url(item)).status_code == 200
    other = ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="weibin").site.root_page).exclude(pk=news.pk).filter(depth=4).first()
    _bulk_items(other, 1000)
    cache.clear()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert get(client, "weibin", url(item)).status_code == 200


def _bulk_items(column, n):
    """n live articles under `column`, written in bulk (Wagtail's own add_child is one save per item)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from content.models import ItemPage

    column.refresh_from_db()
    start = column.numchild
    ct = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    pages = Page.objects.bulk_create([
        Page(path=column.path + Page._get_path("", 1, start + k + 1), depth=column.depth + 1, numchild=0,
             title=f"批量信息{k}", draft_title=f"批量信息{k}", slug=f"bulk-{k}", content_type=ct, live=True,
             url_path=f"{column.url_path}bulk-{k}/", locale_id=column.locale_id, first_published_at=now, last_published_at=now)
        for k in range(n)
    ])
    ids = [p.pk for p in pages] if pages[0].pk else list(Page.objects.filter(slug__startswith="bulk-", path__startswith=column.path).values_list("pk", flat=True))
    values = {"publish_date": now, "body": "<p>x</p>", "is_example": False}
    with connection.cursor() as cursor:
        for model, link in ((ItemPage, "page_ptr_id"), (ArticlePage, "itempage_ptr_id")):
            # every column of the table, each at the model's own default (new NOT NULL columns included)
            fields = [f for f in model._meta.local_concrete_fields if f.column != link]
            row = [values.get(f.name, f.get_db_prep_save(f.get_default(), connection)) for f in fields]
            columns = ", ".join([link] + [f.column for f in fields])
            marks = ", ".join(["%s"] * (len(fields) + 1))
            cursor.executemany(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", [[pk, *row] for pk in ids])
    Page.objects.filter(pk=column.pk).update(numchild=start + n)


def test_an_uncached_render_takes_site_and_home_page_from_the_cache_and_still_sees_their_changes(client, news):
    item = place_item(news, ArticlePage(title="框架缓存测试", slug="frame"))
    with CaptureQueriesContext(connection) as first:
        assert get(client, "weibin", url(item)).status_code == 200
    page_cache.bump_pages([item.pk])  # as after a publish: the page itself renders again
    with CaptureQueriesContext(connection) as second:
        again = get(client, "weibin", url(item))
    assert again.status_code == 200 and "框架缓存测试" in again.content.decode()
    assert len(second.captured_queries) <= len(first.captured_queries) - 3  # Site, home page, profile
    home = SiteProfile.objects.get(code="weibin").site.root_page.specific
    home.welcome = "欢迎访问渭滨区新版网站"
    with publication_path(SYSTEM_LOAD):
        home.save_revision().publish()
    assert "欢迎访问渭滨区新版网站" in get(client, "weibin").content.decode()
    assert "框架缓存测试" in get(client, "weibin", url(item)).content.decode()


def test_a_new_site_for_a_host_takes_it_over_from_the_default_site(client, news):
    from wagtail.models import Site

    hebhb = SiteProfile.objects.get(code="hebhb").site.root_page
    before = get(client, "newhost").content.decode()  # an unknown host: the default site answers (and is kept)
    titles = [c.title for c in ColumnPage.objects.child_of(hebhb).live() if c.title not in before]
    assert titles  # hebhb's home page lists columns the default site's does not
    Site.objects.create(hostname="newhost.localhost", port=80, root_page=hebhb, site_name="新主机")
    assert titles[0] in get(client, "newhost").content.decode()


def test_a_login_restriction_put_on_a_column_stops_its_cached_items_being_served(client, news):
    from wagtail.models import PageViewRestriction

    item = place_item(news, ArticlePage(title="受限信息测试", slug="restricted"))
    assert get(client, "weibin", url(item)).status_code == 200  # stored, and the site known to have no restriction
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    response = get(client, "weibin", url(item))
    assert response.status_code == 302 and "受限信息测试" not in response.content.decode()
