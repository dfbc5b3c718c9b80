"""Permission matrix: role-derived permissions hold in the Wagtail admin, on the real seed sites.

"Maintaining a column" (can_edit_column) means adding and editing items in it: the 信息员 of a 处室 does
that in the columns the 分工表 gives their 处室 (002 第五条, 附件2; 004 内容保障工作任务分解表), in the
columns 各处共同负责 (002 附件2 注), and nowhere else; a 网站管理员 does it on their own site only.
Every case is checked twice: in the admin, through the HTTP client, and with orgs.permissions."""

import itertools

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from columns.models import ColumnPage
from content.models import ArticlePage
from orgs.models import Role
from orgs.permissions import can_edit_column
from orgs.services import assign_role, create_account
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def column(site_code, title):
    site = SiteProfile.objects.get(code=site_code).site
    return ColumnPage.objects.descendant_of(site.root_page).get(title=title)


def department(site_code, name):
    return SiteProfile.objects.get(code=site_code).departments.get(short_name=name)


def person(role, site_code=None, dept=None):
    user, _ = create_account(f"u{next(_serial)}", must_change=False)
    site = SiteProfile.objects.get(code=site_code).site if site_code else None
    organization = department(site_code, dept) if dept else None
    assign_role(user, role, site=site, organization=organization)
    return user


# (who, site, department, target site, target column, may maintain it)
WHO = {
    "监督处信息员": (Role.EDITOR, "hebjgbz", "监督处"),
    "综合处信息员": (Role.EDITOR, "hebjgbz", "综合处"),
    "监督处负责人": (Role.DIVISION_HEAD, "hebjgbz", "监督处"),
    "渭滨应急局信息员": (Role.EDITOR, "weibin", "区应急管理局"),
    "编制网网站管理员": (Role.SITE_ADMIN, "hebjgbz", None),
    "渭滨网站管理员": (Role.SITE_ADMIN, "weibin", None),
    "平台管理员": (Role.PLATFORM_ADMIN, None, None),
    "编制网信息员（未定部门）": (Role.EDITOR, "hebjgbz", None),  # no department: the whole site (columns.permissions)
}
CASES = [
    ("监督处信息员", "hebjgbz", "监督检查", True),        # its own column (附件2: 监督处 · 监督检查)
    ("监督处信息员", "hebjgbz", "机构编制管理", True),    # a column six 处 share, 监督处 among them
    ("监督处信息员", "hebjgbz", "工作动态", True),        # 各处（局、中心）共同负责
    ("监督处信息员", "hebjgbz", "组织机构", False),       # 综合处's column on the same site
    ("监督处信息员", "weibin", "应急管理", False),        # another site
    ("综合处信息员", "hebjgbz", "组织机构", True),
    ("综合处信息员", "hebjgbz", "监督检查", False),
    ("综合处信息员", "hebjgbz", "通知公告", True),        # shared
    ("监督处负责人", "hebjgbz", "监督检查", True),
    ("监督处负责人", "hebjgbz", "组织机构", False),
    ("渭滨应急局信息员", "weibin", "应急管理", True),     # 004 分解表: 应急管理 · 区应急管理局
    ("渭滨应急局信息员", "weibin", "首页横幅", False),    # 区政府办's column
    ("渭滨应急局信息员", "weibin", "提案建议", True),     # "all": 区政府督查室、各相关部门
    ("渭滨应急局信息员", "hebjgbz", "监督检查", False),
    ("渭滨应急局信息员", "hebjgbz", "工作动态", False),   # shared there, but not their site
    ("编制网网站管理员", "hebjgbz", "组织机构", True),
    ("编制网网站管理员", "hebjgbz", "监督检查", True),
    ("编制网网站管理员", "hebjgbz", "工作动态", True),
    ("编制网网站管理员", "weibin", "应急管理", False),
    ("渭滨网站管理员", "weibin", "应急管理", True),
    ("渭滨网站管理员", "hebjgbz", "组织机构", False),
    ("编制网信息员（未定部门）", "hebjgbz", "组织机构", True),
    ("编制网信息员（未定部门）", "weibin", "应急管理", False),
    ("平台管理员", "weibin", "应急管理", True),
    ("平台管理员", "hebjgbz", "组织机构", True),
]


def article_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": f"a{next(_serial)}",
            "publish_date": "2025-01-06 09:00",
            "source": "",
            "author": "",
            "summary": "",
            "body": rich_text("<p>正文</p>"),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )


def add_article_url(col):
    return reverse("wagtailadmin_pages:add", args=("content", "articlepage", col.pk))


DENIED = "没有权限访问"  # Wagtail's zh-hans "Sorry, you do not have permission to access this area."


def assert_refused(response):
    """The admin refuses by 403, or by a redirect to a page that says so (a redirect alone is also how Wagtail
    answers a saved form or a one-choice page type list)."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        landing = response.client.get(response.url, follow=True)
        assert DENIED in landing.content.decode(), (response.request["PATH_INFO"], response.url)


@pytest.mark.parametrize("who,site_code,title,allowed", CASES, ids=[f"{w}-{s}-{t}" for w, s, t, _ in CASES])
def test_admin_agrees_with_rules(client, who, site_code, title, allowed):
    user = person(*WHO[who])
    col = column(site_code, title)
    client.force_login(user)

    # The rule, as every other part of the platform asks it.
    assert can_edit_column(user, col) is allowed

    # The admin: the add-article form opens, and posting it saves a draft in that column.
    response = client.get(add_article_url(col))
    if allowed:
        assert response.status_code == 200
        assert "文章" in response.content.decode()
    else:
        assert_refused(response)
    before = ArticlePage.objects.child_of(col).count()
    response = client.post(add_article_url(col), article_form(f"{who}的稿件"))
    after = ArticlePage.objects.child_of(col).count()
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert after == before + 1
        draft = ArticlePage.objects.child_of(col).get(title=f"{who}的稿件")
        assert not draft.live and draft.owner == user
        # ... and its author can open it again.
        assert client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).status_code == 200
    else:
        assert_refused(response)
        assert after == before


@pytest.mark.parametrize(
    "who,site_code,title",
    [(w, s, t) for w, s, t, allowed in CASES if not allowed],
    ids=[f"{w}-{s}-{t}" for w, s, t, allowed in CASES if not allowed],
)
def test_refused_column_cannot_be_reached_by_url(client, who, site_code, title):
    user = person(*WHO[who])
    col = column(site_code, title)
    client.force_login(user)
    title_before, revisions_before = col.title, col.revisions.count()

    for url in (
        reverse("wagtailadmin_pages:edit", args=(col.pk,)),
        reverse("wagtailadmin_pages:add_subpage", args=(col.pk,)),
        reverse("wagtailadmin_explore", args=(col.pk,)),
        reverse("wagtailadmin_pages:delete", args=(col.pk,)),
        reverse("wagtailadmin_pages:move", args=(col.pk,)),
    ):
        assert_refused(client.get(url))

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(col.pk,)),
        nested_form_data({"title": "被篡改的栏目", "slug": col.slug, "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}}),
    )
    assert_refused(response)
    col.refresh_from_db()
    assert col.title == title_before and col.revisions.count() == revisions_before

    response = client.post(reverse("wagtailadmin_pages:delete", args=(col.pk,)))
    assert_refused(response)
    assert Page.objects.filter(pk=col.pk).exists()


@pytest.mark.parametrize(
    "who,site_code,title",
    [
        ("监督处信息员", "hebjgbz", "监督检查"),
        ("综合处信息员", "hebjgbz", "组织机构"),
        ("渭滨应急局信息员", "weibin", "应急管理"),
        ("编制网网站管理员", "hebjgbz", "组织机构"),
    ],
)
def test_own_column_opens_in_admin(client, who, site_code, title):
    user = person(*WHO[who])
    col = column(site_code, title)
    client.force_login(user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(col.pk,)))
    if who.endswith("网站管理员"):
        assert edit.status_code == 200 and col.title in edit.content.decode()
    else:  # the column's settings and structure are the 网站管理员's (003 第八条); its content is the 处室's
        assert_refused(edit)
        assert_refused(client.get(reverse("wagtailadmin_pages:add", args=("columns", "columnpage", col.pk))))
    explore = client.get(reverse("wagtailadmin_explore", args=(col.pk,)))
    assert explore.status_code == 200 and col.title in explore.content.decode()
    # Adding an item: the page type list, or (one type only) straight to its form; a form either way, no refusal.
    add = client.get(reverse("wagtailadmin_pages:add_subpage", args=(col.pk,)), follow=True)
    html = add.content.decode()
    assert add.status_code == 200 and DENIED not in html
    assert reverse("wagtailadmin_pages:add", args=("content", "articlepage", col.pk)) in html + add.request["PATH_INFO"]


def test_shared_column_allows_adding_but_not_restructuring(client):
    """工作动态 is open to every 处 for items; the column itself stays the 网站管理员's."""
    user = person(*WHO["监督处信息员"])
    col = column("hebjgbz", "工作动态")
    client.force_login(user)
    assert client.get(add_article_url(col)).status_code == 200
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(col.pk,))))


def test_site_admin_edits_all_of_own_site_and_nothing_else(client):
    user = person(*WHO["编制网网站管理员"])
    client.force_login(user)
    own = SiteProfile.objects.get(code="hebjgbz").site
    for col in ColumnPage.objects.descendant_of(own.root_page):
        assert can_edit_column(user, col)
        assert col.permissions_for_user(user).can_edit()
    other = SiteProfile.objects.get(code="weibin").site
    for col in ColumnPage.objects.descendant_of(other.root_page)[:30]:
        assert not can_edit_column(user, col)
        assert not col.permissions_for_user(user).can_edit()
    assert client.get(reverse("wagtailadmin_pages:edit", args=(own.root_page_id,))).status_code == 200
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(other.root_page_id,))))


def test_rules_and_wagtail_permissions_agree_on_every_column_of_a_site():
    """For each department of hebjgbz, the rule and Wagtail's page permissions give the same answer
    on every column (no column reachable through inheritance that the rule refuses, or the reverse)."""
    profile = SiteProfile.objects.get(code="hebjgbz")
    columns = list(ColumnPage.objects.descendant_of(profile.site.root_page).specific())
    for dept in profile.departments.all():
        user = person(Role.EDITOR, "hebjgbz", dept.short_name)
        for col in columns:
            wagtail_says = col.permissions_for_user(user).can_add_subpage()
            assert can_edit_column(user, col) is wagtail_says, (dept.short_name, col.title)
