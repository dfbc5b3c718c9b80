"""Sitemaps written on publish and served as files; column pagination that refuses pages it does not have."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from portal import sitemaps
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def get(client, code, path="/", **extra):
    return client.get(path, HTTP_HOST=f"{code}.localhost", **extra)


def locs(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


@pytest.fixture
def news(db):
    return ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="weibin").site.root_page).get(title="应急管理")


def test_sitemap_is_an_index_of_parts_with_this_sites_absolute_urls(client):
    index = get(client, "weibin", "/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    assert "<sitemapindex" in index.content.decode()
    parts = locs(index.content.decode())
    assert parts and all(re.fullmatch(r"http://weibin\.localhost/sitemap-\d+\.xml", p) for p in parts)
    urls = [u for p in parts for u in locs(get(client, "weibin", p.removeprefix("http://weibin.localhost")).content.decode())]
    assert "http://weibin.localhost/" in urls and "http://weibin.localhost/zheng-wu/" in urls
    assert all(u.startswith("http://weibin.localhost/") for u in urls)  # no other site's pages
    assert len(urls) == len(set(urls))


def test_sitemap_is_served_from_its_file_not_built_per_request(client):
    get(client, "weibin", "/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "weibin", "/sitemap.xml").status_code == 200
    assert not [q for q in queries.captured_queries if "wagtailcore_page" in q["sql"] and "site" not in q["sql"]]


def test_a_part_stays_below_the_protocol_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "PART_IDS", 50)  # small parts: the seed sites then need several
    site = SiteProfile.objects.get(code="weibin").site
    sitemaps.build_site(site)
    parts = locs(get(client, "weibin", "/sitemap.xml").content.decode())
    assert len(parts) > 1
    for part in parts:
        assert len(locs(get(client, "weibin", part.removeprefix("http://weibin.localhost")).content.decode())) <= 50


def test_publishing_writes_the_new_page_into_the_sitemap(client, news, django_capture_on_commit_callbacks):
    get(client, "weibin", "/sitemap.xml")
    with django_capture_on_commit_callbacks(execute=True):
        item = place_item(news, ArticlePage(title="进入网站地图", slug="in-sitemap"))
    address = "http://weibin.localhost" + item.get_url_parts()[2]
    parts = locs(get(client, "weibin", "/sitemap.xml").content.decode())
    urls = [u for p in parts for u in locs(get(client, "weibin", p.removeprefix("http://weibin.localhost")).content.decode())]
    assert address in urls
    with django_capture_on_commit_callbacks(execute=True):
        item.unpublish()
    urls = [u for p in locs(get(client, "weibin", "/sitemap.xml").content.decode())
            for u in locs(get(client, "weibin", p.removeprefix("http://weibin.localhost")).content.decode())]
    assert address not in urls


def test_the_demo_serves_its_sites_on_its_port_so_sitemap_links_work(client):
    from seeds.demo import demo_profiles, serve_sites_on_port

    serve_sites_on_port(demo_profiles(), 8000)
    index = client.get("/sitemap.xml", HTTP_HOST="weibin.localhost:8000").content.decode()
    part = locs(index)[0]
    assert part.startswith("http://weibin.localhost:8000/sitemap-")
    urls = locs(client.get(part.removeprefix("http://weibin.localhost:8000"), HTTP_HOST="weibin.localhost:8000").content.decode())
    assert "http://weibin.localhost:8000/zheng-wu/" in urls
    assert client.get("/zheng-wu/", HTTP_HOST="weibin.localhost:8000").status_code == 200


def test_pages_out_of_range_answer_404_in_chinese(client, news):
    for i in range(25):
        place_item(news, ArticlePage(title=f"分页信息{i}", slug=f"p-{i}", publish_date=timezone.now() - timezone.timedelta(days=i)))
    path = news.get_url_parts()[2]
    for bad in ("999", "-1", "0", "abc", "1.5"):
        response = get(client, "weibin", f"{path}?page={bad}")
        assert response.status_code == 404, bad
        assert "zh" in response.get("Content-Language", "zh")
    second = get(client, "weibin", f"{path}?page=2").content.decode()
    assert "分页信息24" in second and "第 2 页 / 共 2 页（25 条）" in second


def test_pagination_offers_first_last_and_jump(client, news):
    for i in range(45):
        place_item(news, ArticlePage(title=f"翻页{i}", slug=f"j-{i}"))
    html = get(client, "weibin", news.get_url_parts()[2] + "?page=2").content.decode()
    assert 'href="?page=1" rel="first">首页</a>' in html and 'href="?page=3" rel="last">尾页</a>' in html
    assert 'rel="prev">上一页</a>' in html and 'rel="next">下一页</a>' in html
    assert '<input id="page-jump-number" name="page" type="number"' in html and ">跳转</button>" in html


def test_a_huge_column_lists_a_bounded_number_of_pages(client, news, monkeypatch):
    monkeypatch.setattr(ColumnPage, "max_pages", 2)
    for i in range(45):
        place_item(news, ArticlePage(title=f"大栏目{i}", slug=f"h-{i}"))
    path = news.get_url_parts()[2]
    html = get(client, "weibin", path).content.decode()
    assert "共 2 页（超过 40 条，更早的信息请用" in html and 'href="/search/">站内搜索</a>' in html
    assert get(client, "weibin", path + "?page=2").status_code == 200
    assert get(client, "weibin", path + "?page=3").status_code == 404
