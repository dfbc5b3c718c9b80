import re

import pytest
from django.utils import timezone

from columns.models import ColumnPage
from content.models import ArticlePage, PolicyDocumentPage
from content.services import place_item
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def get(client, code, path="/"):
    return client.get(path, HTTP_HOST=f"{code}.localhost")


def path(page):
    return page.get_url_parts()[2]


def test_each_site_answers_on_its_own_host_with_identity_header_and_footer(client):
    for profile in SiteProfile.objects.all():
        html = get(client, profile.code).content.decode()
        assert f"<span>{profile.full_name}</span>" in html  # 头部标识区 shows the full name (001 第十一条)
        assert f'<span class="site-code">{profile.site_code}</span>' in html
        assert f'href="https://beian.miit.gov.cn/" rel="noopener">{profile.icp}</a>' in html
        assert profile.police_record in html and "recordcode=" + profile.police_record[5:19] in html
        assert profile.owner.name in html and profile.operator.name in html
        assert "我为政府网站找错" in html and f"sitecode={profile.site_code}" in html
        assert f'<meta name="SiteIDCode" content="{profile.site_code}">' in html


def test_column_page_lists_children_and_paginates_items(client):
    weibin = SiteProfile.objects.get(code="weibin")
    column = ColumnPage.objects.descendant_of(weibin.site.root_page).get(title="应急管理")
    for i in range(25):
        place_item(column, ArticlePage(title=f"应急演练通报第{i}期", slug=f"drill-{i}", publish_date=timezone.now() - timezone.timedelta(days=i)))
    first = get(client, "weibin", path(column)).content.decode()
    assert "应急演练通报第0期" in first and "应急演练通报第24期" not in first
    assert "第 1 页 / 共 2 页（25 条）" in first
    second = get(client, "weibin", path(column) + "?page=2").content.decode()
    assert "应急演练通报第24期" in second
    parent = get(client, "weibin", path(column.get_parent())).content.decode()
    assert f'href="{path(column)}"' in parent  # child columns are linked from the parent column


def test_article_and_policy_pages_show_their_attributes(client):
    hebhb = SiteProfile.objects.get(code="hebhb")
    news = ColumnPage.objects.descendant_of(hebhb.site.root_page).get(title="工作动态", depth=5, path__startswith=ColumnPage.objects.descendant_of(hebhb.site.root_page).get(title="省厅动态").path)
    article = place_item(news, ArticlePage(title="省厅召开大气污染防治调度会", slug="dispatch", source="办公室", body="<p>会议内容</p>"))
    html = get(client, "hebhb", path(article)).content.decode()
    assert "省厅召开大气污染防治调度会" in html and "来源：办公室" in html and '<meta name="PubDate"' in html
    policy_column = ColumnPage.objects.descendant_of(hebhb.site.root_page).get(title="环保政策")
    policy = place_item(policy_column, PolicyDocumentPage(title="关于加强环境监管的意见", slug="opinion", issuer="河北省环境保护厅", document_number="冀环发〔2024〕1号"))
    html = get(client, "hebhb", path(policy)).content.decode()
    # Each attribute in its own cell beside its label (the labels alone, e.g. 有效性, are always there).
    assert '<th scope="row">发文机关</th><td>河北省环境保护厅</td>' in html
    assert '<th scope="row">文号</th><td>冀环发〔2024〕1号</td>' in html
    assert '<th scope="row">有效性</th><td colspan="3">有效</td>' in html
    repealed = place_item(policy_column, PolicyDocumentPage(
        title="关于废止若干文件的决定", slug="repealed", issuer="河北省环境保护厅", validity=PolicyDocumentPage.Validity.REPEALED,
    ))
    assert '<th scope="row">有效性</th><td colspan="3">已废止</td>' in get(client, "hebhb", path(repealed)).content.decode()


def test_other_sites_items_are_not_served_on_this_host(client):
    weibin = SiteProfile.objects.get(code="weibin")
    column = ColumnPage.objects.descendant_of(weibin.site.root_page).get(title="应急管理")
    item = place_item(column, ArticlePage(title="只属于渭滨的信息", slug="only-weibin"))
    assert get(client, "baoji", path(item)).status_code == 404
    assert get(client, "weibin", path(item)).status_code == 200


def test_sitemap_lists_only_this_sites_pages(client):
    index = get(client, "weibin", "/sitemap.xml").content.decode()  # an index of parts (portal.sitemaps)
    xml = "".join(get(client, "weibin", part.split("localhost", 1)[1]).content.decode() for part in re.findall(r"<loc>([^<]+)</loc>", index))
    assert "http://weibin.localhost/zheng-wu/" in xml
    assert "baoji.localhost" not in xml and "hebhb.localhost" not in xml


def test_site_family_nav_shows_parents_portals_below_and_same_government_departments_on_the_visitors_port(client):
    html = client.get("/", HTTP_HOST="shaanxi.localhost:8000").content.decode()
    html = html[html.index('id="sites-title"'):]
    assert 'href="http://weibin.localhost:8000/">宝鸡市渭滨区人民政府</a>' in html  # a portal below, two levels down
    assert 'href="http://baoji.localhost:8000/">宝鸡市人民政府</a>' in html
    assert 'href="http://sxit.localhost:8000/">陕西省工业和信息化厅</a>' in html  # a department of the same government
    assert "hebhb.localhost" not in html and "hebei.localhost" not in html  # another province is not family
    assert 'href="http://shaanxi.localhost:8000/"' not in html  # not itself
    weibin = client.get("/", HTTP_HOST="weibin.localhost:8000").content.decode()
    family = weibin[weibin.index("站群导航"):]
    assert "上级政府网站" in family and "宝鸡市人民政府" in family and "陕西省人民政府" in family
    assert "河北" not in family and "陕西省工业和信息化厅" not in family  # the province's departments are not weibin's
    hebhb = client.get("/", HTTP_HOST="hebhb.localhost:8000").content.decode()
    family = hebhb[hebhb.index("站群导航"):]
    assert 'href="http://hebei.localhost:8000/">河北省人民政府</a>' in family  # its 本级门户
    assert 'href="http://hebjgbz.localhost:8000/">河北机构编制网</a>' in family  # a sibling department
    assert "河北省环境保护厅</a>" not in family and "陕西" not in family


def test_site_family_leaves_out_sites_not_open_to_the_public(client):
    SiteProfile.objects.filter(code="sxit").update(status=SiteProfile.Status.OFFLINE)
    html = client.get("/", HTTP_HOST="shaanxi.localhost:8000").content.decode()
    assert "陕西省工业和信息化厅" not in html and "宝鸡市人民政府" in html
