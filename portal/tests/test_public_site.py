"""What a citizen (and a crawler) gets from the public pages: labels, canonical links, feeds, robots.txt, the HTML
网站地图, 404/500 in the site's frame, 附件, 解读 both ways, 办事指南."""

import re

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import timezone

from content.models import ArticlePage, ItemAttachment
from content.publishing import PublicationRefused
from content.services import place_item
from orgs.models import Role
from services.models import ServiceGuidePage
from sites.models import SiteProfile

from .public_content import LONG_TITLE, document, leaf_column, make_public_content

pytestmark = pytest.mark.django_db
HOST = "weibin.localhost:8000"


@pytest.fixture
def weibin():
    return SiteProfile.objects.select_related("site", "owner").get(code="weibin")


@pytest.fixture
def pages(weibin):
    return make_public_content(weibin)


def get(client, url, host=HOST, **extra):
    return client.get(url, HTTP_HOST=host, **extra)


def rel(page):
    return page.get_url_parts()[2]


def labels(html):
    return dict(re.findall(r'<meta name="([A-Za-z]+)" content="([^"]*)">', html))


SITE_LABELS = {"SiteName", "SiteDomain", "SiteIDCode"}
COLUMN_LABELS = {"ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"}
ARTICLE_LABELS = {"ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author", "Description", "Url"}


def test_every_page_kind_carries_its_development_guide_labels_and_a_canonical_link(client, weibin, pages):
    home = labels(get(client, "/").content.decode())
    assert home["SiteName"] == "宝鸡市渭滨区人民政府" and home["SiteIDCode"] == weibin.site_code
    assert home["SiteDomain"] == weibin.english_domain and home["ColumnName"] == "首页"

    column_html = get(client, rel(pages["news"])).content.decode()
    column = labels(column_html)
    assert SITE_LABELS | COLUMN_LABELS <= set(column)
    assert column["ColumnName"] == pages["news"].title and column["ColumnType"] == pages["news"].get_category_display()
    assert f'<link rel="canonical" href="http://{HOST}{rel(pages["news"])}">' in column_html

    for kind in ("article", "policy", "guide"):
        page = pages[kind]
        html = get(client, rel(page)).content.decode()
        found = labels(html)
        assert SITE_LABELS | COLUMN_LABELS | ARTICLE_LABELS <= set(found), kind
        assert all(found[name] for name in ARTICLE_LABELS), (kind, found)  # none left empty
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", found["PubDate"])
        assert found["Url"] == f"http://{HOST}{rel(page)}"
        assert f'<link rel="canonical" href="{found["Url"]}">' in html
        assert found["ColumnName"] == page.get_parent().title
    article = labels(get(client, rel(pages["article"])).content.decode())
    assert article["ArticleTitle"] == LONG_TITLE and article["Author"] == "张伟"
    assert article["ContentSource"] == "区政府办公室" and article["Description"] == "做好内容保障和发布审核工作。"
    assert labels(get(client, rel(pages["policy"])).content.decode())["Keywords"].startswith("政务公开")


def test_article_page_shows_publisher_date_source_font_size_print_share_and_attachments(client, weibin, pages):
    html = get(client, rel(pages["article"])).content.decode()
    # 发布机构 (000 第七条 谁公开谁负责): the department responsible for the item's column, here the seed's 区政府办
    assert "发布机构：区政府办<" in html and "来源：区政府办公室" in html
    assert re.search(r"发布日期：<time datetime=\"[^\"]+\">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</time>", html)
    assert 'data-font="large"' in html and ">大</button>" in html and ">中</button>" in html and ">小</button>" in html
    assert "data-print" in html
    share = f"http%3A%2F%2Fweibin.localhost%3A8000{rel(pages['article']).replace('/', '%2F')}"
    assert f"https://service.weibo.com/share/share.php?url={share}" in html
    attachment = pages["article"].attachments.get()
    assert f'<a href="{attachment.document.url}">附件1：内容保障任务分工表</a>' in html
    assert f"（CSV，{filesizeformat(attachment.document.file.size)}）" in html  # type and size of the file


def test_attachment_from_another_sites_collection_is_refused(weibin, pages):
    hebhb = SiteProfile.objects.get(code="hebhb")
    foreign = ItemAttachment(item=pages["article"], document=document(hebhb, "河北的文件"))
    with pytest.raises(ValidationError) as refused:
        foreign.full_clean()
    assert "只能附加本网站文件库" in str(refused.value)
    own = ItemAttachment(item=pages["article"], document=document(weibin, "本站文件"))
    own.full_clean()  # the site's own collection is fine


def test_policy_and_interpretation_link_to_each_other_and_only_live_interpretations_show(client, pages):
    policy_html = get(client, rel(pages["policy"])).content.decode()
    for label, value in [("标题", pages["policy"].title), ("索引号", pages["policy"].index_number), ("主题分类", "政务公开"),
                         ("发文机关", pages["policy"].issuer), ("文号", "示例〔2026〕3号")]:
        assert re.search(rf'<th scope="row">{label}</th><td[^>]*>{re.escape(value)}</td>', policy_html), label
    assert "成文日期" in policy_html and "发布日期" in policy_html and "有效性" in policy_html
    assert f'<a href="{rel(pages["interpretation"])}">《关于加强政府网站管理的实施意见》政策解读</a>' in policy_html
    reading = get(client, rel(pages["interpretation"])).content.decode()
    assert f'解读文件：<a href="{rel(pages["policy"])}">关于加强政府网站管理的实施意见</a>（示例〔2026〕3号）' in reading
    pages["interpretation"].unpublish()
    assert "相关解读" not in get(client, rel(pages["policy"])).content.decode()


def test_service_guide_shows_every_field_its_forms_and_the_date_last_updated(client, pages):
    guide = ServiceGuidePage.objects.get(pk=pages["guide"].pk)
    html = get(client, rel(guide)).content.decode()
    for label in ["事项名称", "设定依据", "受理条件", "申请材料", "办理流程", "办理时限", "收费标准", "办理地点", "办理时间", "咨询电话", "表格下载", "在线办理"]:
        assert f'<th scope="row">{label}</th>' in html, label
    assert "<li>政府信息公开申请表</li>" in html and "20个工作日" in html and "政务服务大厅3号窗口" in html
    shown = re.search(r'更新日期：<time datetime="[^"]+">(\d{4}-\d{2}-\d{2})</time>', html)
    assert shown and shown.group(1) == timezone.localtime(guide.last_published_at).strftime("%Y-%m-%d")
    assert '<a class="button" href="https://www.gjzwfw.gov.cn/" rel="noopener">在线办理</a>' in html
    form = guide.attachments.get().document
    assert f'<a href="{form.url}">政府信息公开申请表</a>' in html and "（XLSX，" in html
    assert f'href="{rel(guide)}">政府信息公开申请</a>' in get(client, rel(pages["guide_column"])).content.decode()


def test_service_guide_is_edited_by_the_responsible_unit_only(weibin, pages, make_person):
    guide = pages["guide"]
    responsible = make_person(Role.EDITOR, "weibin", "区行政审批服务局")
    other = make_person(Role.EDITOR, "weibin", "区应急管理局")
    hebhb_admin = make_person(Role.SITE_ADMIN, "hebhb")
    assert guide.permissions_for_user(responsible).can_edit()
    assert not guide.permissions_for_user(other).can_edit()
    assert not guide.permissions_for_user(hebhb_admin).can_edit()


def test_service_guide_goes_through_the_prepublish_checks_on_every_field(weibin, pages):
    column = pages["guide_column"]
    # 002 第十条: a secret-marked text never goes online, whichever field of the guide it is in.
    guide = ServiceGuidePage(title="不动产登记", slug="secret-guide", conditions="<p>本文件为机密，仅供内部传阅。</p>", body="<p>受理</p>")
    with pytest.raises(PublicationRefused) as refused:
        place_item(column, guide)
    assert "密级" in str(refused.value)
    assert not ServiceGuidePage.objects.filter(slug="secret-guide").exists()  # nothing stored


def test_home_page_leads_with_news_notices_policies_interpretations_services_and_interaction(client, pages):
    html = get(client, "/").content.decode()
    for heading in ["要闻", "通知公告", "政策文件", "政策解读", "办事服务", "互动交流"]:
        assert re.search(rf'<h2 id="home-[a-z]+">{heading}<a class="more"', html), heading
    assert f">{LONG_TITLE}</a>" in html  # the whole title, not cut
    section = html[html.index('id="home-interpretation"'):]
    assert "《关于加强政府网站管理的实施意见》政策解读" in section[: section.index("</section>")]


def test_column_feed_is_valid_rss_with_absolute_links_on_the_visitors_port(client, pages):
    response = get(client, rel(pages["news"]) + "feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == f"{pages['news'].title} - 宝鸡市渭滨区人民政府"
    assert [e.title for e in feed.entries] == [LONG_TITLE]
    assert feed.entries[0].link == f"http://{HOST}{rel(pages['article'])}"
    assert f'<link rel="alternate" type="application/rss+xml" title="{pages["news"].title}" href="http://{HOST}{rel(pages["news"])}feed/">' in get(client, rel(pages["news"])).content.decode()
    pages["article"].unpublish()
    assert feedparser.parse(get(client, rel(pages["news"]) + "feed/").content).entries == []
    assert get(client, rel(pages["article"]) + "feed/").status_code == 404  # an item has no feed
    assert get(client, "/no-such-column/feed/").status_code == 404


def test_robots_txt_names_the_sitemap_on_the_visitors_address(client):
    response = get(client, "/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert f"Sitemap: http://{HOST}/sitemap.xml" in text


def test_html_site_map_lists_every_column_nested_and_the_footer_links_to_it(client, weibin):
    from columns.models import ColumnPage

    html = get(client, "/sitemap/").content.decode()
    assert "<h1>网站地图</h1>" in html
    columns = ColumnPage.objects.descendant_of(weibin.site.root_page).live()
    for column in columns:
        assert f'href="{rel(column)}">{column.title}</a>' in html, column.title
    assert 'href="/sitemap/">网站地图</a>' in get(client, "/").content.decode()
    assert 'href="/sitemap.xml">网站地图' not in get(client, "/").content.decode()


def test_missing_page_is_a_chinese_404_in_the_sites_frame(client, weibin):
    response = get(client, "/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="zh-CN"' in html and "页面不存在" in html
    assert "<span>宝鸡市渭滨区人民政府</span>" in html and 'aria-label="主栏目"' in html  # the site's own header
    assert f'<span class="site-code">{weibin.site_code}</span>' in html  # and footer
    other = get(client, "/no/such/page/", host="hebhb.localhost:8000").content.decode()
    assert "<span>河北省环境保护厅</span>" in other


def test_server_error_is_a_chinese_500_in_the_sites_frame(weibin, monkeypatch):
    from portal.models import HomePage

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", broken)
    response = Client(raise_request_exception=False).get("/", HTTP_HOST=HOST)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务暂时不可用" in html and '<html lang="zh-CN"' in html and "<span>宝鸡市渭滨区人民政府</span>" in html


def test_elder_mode_and_font_size_cookies_do_not_change_the_html(client, pages):
    # The same bytes for everyone, so a page cache can serve them; the classes come from the cookie in the browser.
    plain = get(client, rel(pages["article"])).content
    client.cookies["govsite_elder"] = "1"
    client.cookies["govsite_font"] = "large"
    assert get(client, rel(pages["article"])).content == plain
    assert b"govsite_elder=1" in plain and b"data-elder-toggle" in plain


def test_uploaded_media_is_served_when_the_demo_asks_for_it(settings, tmp_path):
    import importlib

    from django.urls import clear_url_caches

    import govsite.urls

    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.txt").write_text("徽标")
    try:
        settings.GOVSITE_SERVE_MEDIA = True
        importlib.reload(govsite.urls)
        clear_url_caches()
        response = Client().get("/media/images/logo.txt", HTTP_HOST=HOST)
        assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "徽标"
        settings.GOVSITE_SERVE_MEDIA = False
        importlib.reload(govsite.urls)
        clear_url_caches()
        assert Client().get("/media/images/logo.txt", HTTP_HOST=HOST).status_code == 404
    finally:
        importlib.reload(govsite.urls)
        clear_url_caches()


def test_article_publisher_falls_back_to_the_sites_owner_when_no_department_answers_for_it(client, weibin, pages):
    from django.core.cache import cache

    from columns.models import ColumnPage

    column = ColumnPage.objects.get(pk=pages["news"].pk)
    column.responsibilities.all().delete()
    ColumnPage.objects.filter(pk=column.pk).update(departments_text="")
    cache.clear()  # the column's responsibility rows were changed behind the page cache's back
    html = get(client, rel(pages["article"])).content.decode()
    assert f"发布机构：{weibin.owner.name}<" in html
