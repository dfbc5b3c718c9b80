"""Site isolation in the Wagtail admin: each person sees only their own sites' pages, images, documents
and records; Sites, Users and Groups belong to platform admins. Wagtail alone does not isolate sites
(wagtail#1700, #4288, #7099, #9714)."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from columns.models import ColumnPage
from orgs.models import Role
from sites.services import shared_collection, site_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def jgbz_editor(make_person):
    return make_person(Role.EDITOR, "hebjgbz", "监督处")


@pytest.fixture
def jgbz_admin(make_person):
    return make_person(Role.SITE_ADMIN, "hebjgbz")


@pytest.fixture
def platform_admin(make_person):
    return make_person(Role.PLATFORM_ADMIN)


def html_of(response):
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


DENIED = "没有权限访问"  # Wagtail's zh-hans "Sorry, you do not have permission to access this area."


def menu_entries(html):
    """(name, label) of every item in the admin sidebar, as the page's sidebar JSON carries them."""
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S).group(1))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node and "name" in node:
                found.append((node["name"] if isinstance(node["name"], str) else node["name"].get("_val"), node["label"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return found


def chooser_results(html):
    """(page id, title) of each page the page chooser offers (not the search box, which repeats the query)."""
    return [(int(pk), title) for pk, title in re.findall(r'<a class="choose-page"[^>]*data-id="(\d+)" data-title="([^"]*)"', html)]


def search_results(html):
    """(page id, title) of each row the admin page search lists."""
    return [(int(pk), title) for pk, title in re.findall(r'<span id="page_(\d+)_title">\s*(.*?)\s*</span>', html)]


def on_site(profile, page_ids):
    """The listed pages all belong to that site."""
    from wagtail.models import Page

    pages = Page.objects.filter(pk__in=page_ids)
    return len(pages) == len(set(page_ids)) and all(p.path.startswith(profile.site.root_page.path) for p in pages)


def column(profile, title):
    return ColumnPage.objects.descendant_of(profile.site.root_page).get(title=title)


# --- Page chooser --------------------------------------------------------------------------------------------


def test_page_chooser_lists_only_own_sites(client, jgbz_editor, platform_admin):
    client.force_login(jgbz_editor)
    html = html_of(client.get(reverse("wagtailadmin_choose_page")))
    assert "河北机构编制网" in html
    for other in ("宝鸡市渭滨区人民政府", "河北省人民政府", "陕西省工业和信息化厅"):
        assert other not in html

    client.force_login(platform_admin)
    html = html_of(client.get(reverse("wagtailadmin_choose_page")))
    assert "河北机构编制网" in html and "宝鸡市渭滨区人民政府" in html


def test_page_chooser_cannot_browse_into_another_site(client, profiles, jgbz_editor):
    client.force_login(jgbz_editor)
    own = profiles["hebjgbz"].site.root_page_id
    html = html_of(client.get(reverse("wagtailadmin_choose_page_child", args=(own,))))
    assert "监督检查" in html and "组织机构" in html  # the editor may link to any page of their own site
    other = column(profiles["weibin"], "应急管理")
    response = client.get(reverse("wagtailadmin_choose_page_child", args=(other.get_parent().pk,)))
    assert response.status_code == 404
    assert "应急管理" not in response.content.decode()


def test_page_chooser_search_finds_only_own_sites(client, profiles, make_person, jgbz_editor):
    url = reverse("wagtailadmin_choose_page_search")
    client.force_login(jgbz_editor)
    html = html_of(client.get(url, {"q": "应急管理"}))
    assert "应急管理" not in html and chooser_results(html) == []
    found = chooser_results(html_of(client.get(url, {"q": "监督检查"})))
    assert [title for _, title in found] == ["监督检查"]
    assert on_site(profiles["hebjgbz"], [pk for pk, _ in found])

    client.force_login(make_person(Role.EDITOR, "weibin", "区应急管理局"))
    found = chooser_results(html_of(client.get(url, {"q": "应急管理"})))
    assert "应急管理" in [title for _, title in found]
    assert on_site(profiles["weibin"], [pk for pk, _ in found])


# --- Explorer and admin search -----------------------------------------------------------------------------------


def test_explorer_and_search_show_only_own_sites(client, profiles, jgbz_admin):
    client.force_login(jgbz_admin)
    listing = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    html = html_of(listing)
    assert "监督检查" in html or "河北机构编制网" in html
    assert "宝鸡市渭滨区人民政府" not in html

    weibin_home = profiles["weibin"].site.root_page_id
    response = client.get(reverse("wagtailadmin_explore", args=(weibin_home,)))
    assert response.status_code == 302 and str(weibin_home) not in response.url

    html = html_of(client.get(reverse("wagtailadmin_pages:search"), {"q": "应急管理"}))
    assert "宝鸡市渭滨区人民政府" not in html and "突发公共事件" not in html
    assert search_results(html) == []
    found = search_results(html_of(client.get(reverse("wagtailadmin_pages:search"), {"q": "监督检查"})))
    assert [title for _, title in found] == ["监督检查"]
    assert on_site(profiles["hebjgbz"], [pk for pk, _ in found])


def test_explorer_stops_at_columns_of_other_departments(client, profiles, jgbz_editor):
    client.force_login(jgbz_editor)
    home = profiles["hebjgbz"].site.root_page
    html = html_of(client.get(reverse("wagtailadmin_explore", args=(home.pk,))))
    assert "监督检查" in html and "工作动态" in html
    assert "组织机构" not in html  # 综合处's column is not listed for 监督处
    response = client.get(reverse("wagtailadmin_explore", args=(column(profiles["hebjgbz"], "组织机构").pk,)), follow=True)
    assert DENIED in response.content.decode()


def test_page_type_usage_lists_only_own_sites(client, jgbz_admin):
    client.force_login(jgbz_admin)
    response = client.get(reverse("wagtailadmin_pages:type_use", args=("columns", "columnpage")))
    html = html_of(response)
    assert "监督检查" in html
    assert "应急管理" not in html and "新闻头条" not in html


# --- Images and documents ------------------------------------------------------------------------------------


@pytest.fixture
def assets(profiles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = {}
    for key, collection in {
        "jgbz": site_collection(profiles["hebjgbz"].site),
        "weibin": site_collection(profiles["weibin"].site),
        "shared": shared_collection(),
    }.items():
        made[f"img-{key}"] = Image.objects.create(title=f"图片-{key}", file=get_test_image_file(f"{key}.png"), collection=collection)
        made[f"doc-{key}"] = Document.objects.create(
            title=f"文件-{key}", file=ContentFile(b"%PDF-1.4", name=f"{key}.pdf"), collection=collection
        )
    return made


def test_image_chooser_and_listing_show_own_site_and_shared(client, assets, jgbz_editor, platform_admin):
    client.force_login(jgbz_editor)
    html = html_of(client.get(reverse("wagtailimages_chooser:choose")))
    assert "图片-jgbz" in html and "图片-shared" in html
    assert "图片-weibin" not in html
    html = html_of(client.get(reverse("wagtailimages:index")))
    assert "图片-jgbz" in html and "图片-weibin" not in html
    response = client.get(reverse("wagtailimages:edit", args=(assets["img-weibin"].pk,)))
    assert response.status_code in (302, 403)
    response = client.post(reverse("wagtailimages:delete", args=(assets["img-weibin"].pk,)))
    assert Image.objects.filter(pk=assets["img-weibin"].pk).exists()

    client.force_login(platform_admin)
    html = html_of(client.get(reverse("wagtailimages_chooser:choose")))
    assert "图片-weibin" in html and "图片-jgbz" in html


def test_document_chooser_and_listing_show_own_site_and_shared(client, assets, jgbz_editor):
    client.force_login(jgbz_editor)
    html = html_of(client.get(reverse("wagtaildocs_chooser:choose")))
    assert "文件-jgbz" in html and "文件-shared" in html
    assert "文件-weibin" not in html
    html = html_of(client.get(reverse("wagtaildocs:index")))
    assert "文件-jgbz" in html and "文件-weibin" not in html
    response = client.get(reverse("wagtaildocs:edit", args=(assets["doc-weibin"].pk,)))
    assert response.status_code in (302, 403)


def test_upload_offers_only_own_site_collection(client, assets, jgbz_editor):
    client.force_login(jgbz_editor)
    html = html_of(client.get(reverse("wagtailimages:add")))
    assert "宝鸡市渭滨区人民政府" not in html and "平台共享素材" not in html


# --- Snippets and other site-scoped records ---------------------------------------------------------------------


class _Record:
    """A site-scoped record as the snippet hooks see it (no snippet model is registered yet)."""

    def __init__(self, site_id):
        self.site_id = site_id


def test_snippet_hooks_hide_and_refuse_other_sites_records(rf, profiles, jgbz_editor, platform_admin):
    from django.contrib.messages.storage.cookie import CookieStorage
    from wagtail import hooks

    own, other = _Record(profiles["hebjgbz"].site.pk), _Record(profiles["weibin"].site.pk)
    for hook in hooks.get_hooks("construct_snippet_listing_buttons"):
        buttons = ["edit", "delete"]
        hook(buttons, other, jgbz_editor)
        assert buttons == []
        buttons = ["edit"]
        hook(buttons, own, jgbz_editor)
        assert buttons == ["edit"]
        buttons = ["edit"]
        hook(buttons, other, platform_admin)
        assert buttons == ["edit"]

    request = rf.get("/admin/snippets/x/edit/1/")
    request.user = jgbz_editor
    request._messages = CookieStorage(request)
    refusals = [hook(request, other) for hook in hooks.get_hooks("before_edit_snippet")]
    assert any(r is not None and r.status_code in (302, 403) for r in refusals)
    assert all(hook(request, own) is None for hook in hooks.get_hooks("before_edit_snippet"))
    refusals = [hook(request, [own, other]) for hook in hooks.get_hooks("before_delete_snippet")]
    assert any(r is not None and r.status_code in (302, 403) for r in refusals)


# --- Sites, Users, Groups ----------------------------------------------------------------------------------------


PLATFORM_URLS = ["wagtailsites:index", "wagtailusers_users:index", "wagtailusers_groups:index"]


@pytest.mark.parametrize("url_name", PLATFORM_URLS)
def test_sites_users_groups_only_for_platform_admins(client, url_name, jgbz_admin, jgbz_editor, platform_admin):
    for user in (jgbz_admin, jgbz_editor):
        client.force_login(user)
        response = client.get(reverse(url_name), follow=True)
        assert response.redirect_chain, url_name
        assert DENIED in response.content.decode()
    client.force_login(platform_admin)
    assert client.get(reverse(url_name)).status_code == 200


def test_admin_menu_of_a_site_admin(client, jgbz_admin, platform_admin):
    client.force_login(jgbz_admin)
    entries = menu_entries(html_of(client.get(reverse("wagtailadmin_home"))))
    names, labels = {n for n, _ in entries}, {label for _, label in entries}
    assert {"本站账号", "站群网站", "页面", "图片", "文档"} <= labels
    assert not names & {"sites", "users", "groups", "page-types-usage"}
    client.force_login(platform_admin)
    entries = menu_entries(html_of(client.get(reverse("wagtailadmin_home"))))
    assert {"sites", "users", "groups", "page-types-usage", "site-accounts"} <= {n for n, _ in entries}


def test_page_types_usage_report_only_for_platform_admins(client, jgbz_admin, platform_admin):
    client.force_login(jgbz_admin)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"), follow=True)
    assert DENIED in response.content.decode() and "宝鸡市渭滨区人民政府" not in response.content.decode()
    client.force_login(platform_admin)
    assert client.get(reverse("wagtailadmin_reports:page_types_usage")).status_code == 200


def test_page_listing_filters_offer_only_own_sites_and_colleagues(client, profiles, make_person, jgbz_admin):
    from content.models import ArticlePage

    # Page owners are offered as a filter: one on each site.
    for code, title, dept, name in (("weibin", "应急管理", "区应急管理局", "weibin_colleague"), ("hebjgbz", "监督检查", "监督处", "jgbz_colleague")):
        owner = make_person(Role.EDITOR, code, dept, username=name)
        column(profiles[code], title).add_child(instance=ArticlePage(title=f"{name}的稿件", slug=name.replace("_", "-"), owner=owner, live=False))
    client.force_login(jgbz_admin)
    for url in (reverse("wagtailadmin_explore", args=(profiles["hebjgbz"].site.root_page_id,)),
                reverse("wagtailadmin_pages:type_use", args=("columns", "columnpage"))):
        html = html_of(client.get(url))
        assert "河北机构编制网" in html and "jgbz_colleague" in html
        for other in ("宝鸡市渭滨区人民政府", "陕西省人民政府", "河北省环境保护厅", "weibin_colleague"):
            assert other not in html, (url, other)


def test_admin_speaks_chinese(client, jgbz_editor):
    client.force_login(jgbz_editor)
    html = html_of(client.get(reverse("wagtailadmin_home")))
    assert 'lang="zh-hans"' in html
    assert "仪表板" in html or "控制面板" in html or "页面" in html
    assert "Dashboard" not in html


def test_site_scoped_snippet_listing_shows_only_own_sites(rf, profiles, make_person, jgbz_editor, platform_admin):
    """Any site-scoped record registered as a snippet with SiteScopedSnippetMixin lists only the user's
    sites' rows (exercised here on role assignments, a model with a site foreign key)."""
    from wagtail.snippets.views.snippets import SnippetViewSet

    from orgs.admin_views import SiteScopedSnippetMixin
    from orgs.models import RoleAssignment

    make_person(Role.EDITOR, "weibin", "区应急管理局")
    viewset = type("Scoped", (SiteScopedSnippetMixin, SnippetViewSet), {"model": RoleAssignment})()
    request = rf.get("/")
    request.user = jgbz_editor
    assert set(viewset.get_queryset(request).values_list("site_id", flat=True)) == {profiles["hebjgbz"].site.pk}
    request.user = platform_admin
    assert profiles["weibin"].site.pk in set(viewset.get_queryset(request).values_list("site_id", flat=True))
