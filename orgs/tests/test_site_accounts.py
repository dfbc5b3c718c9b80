"""本站账号: the 网站管理员 sees each account's lock state, last login and roles, and can 解锁, 停用/启用 and
change roles of their own site's accounts, each recorded with who and when (issue 7 part 4)."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from columns.models import ColumnPage
from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
OFFICE = "198.51.100.10"


def login(client, username, password, address=OFFICE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def history(user):
    return list(ModelLogEntry.objects.for_instance(user).order_by("id").values_list("action", "user__username"))


def weibin_column(title):
    from sites.models import SiteProfile

    return ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="weibin").site.root_page).get(title=title)


@pytest.fixture
def weibin_admin(make_person):
    return make_person(Role.SITE_ADMIN, "weibin", username="weibin_admin_t")


def test_site_admin_sees_the_lock_and_unlock_lets_the_person_in(client, make_person, weibin_admin):
    person = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    for _ in range(5):
        login(client, "weibin_li", "wrong-pass")
    assert login(client, "weibin_li", "Yingji#2025ok").status_code == 429

    admin_client = client.__class__()
    admin_client.force_login(weibin_admin)
    listing = admin_client.get(reverse("orgs_accounts")).content.decode()
    row = re.search(r'<tr id="account-%d">.*?</tr>' % person.pk, listing, re.S).group(0)
    assert "已锁定（地址 198.51.100.10" in row
    detail = admin_client.get(reverse("orgs_account_detail", args=(person.pk,))).content.decode()
    assert "已锁定：从地址 198.51.100.10 登录失败次数过多" in detail
    assert admin_client.get(reverse("orgs_account_unlock", args=(person.pk,))).status_code == 405  # POST only

    response = admin_client.post(reverse("orgs_account_unlock", args=(person.pk,)), follow=True)
    html = response.content.decode()
    assert "已解锁账号 weibin_li" in html
    assert re.search(r'<dd id="lock-state">\s*未锁定\s*</dd>', html)
    assert "解除登录锁定（地址：198.51.100.10）" in html and "weibin_admin_t" in html
    assert history(person) == [("orgs.account.unlock", "weibin_admin_t")]
    assert not AccessAttempt.objects.filter(username="weibin_li").exists()

    response = login(client, "weibin_li", "Yingji#2025ok")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)
    listing = admin_client.get(reverse("orgs_accounts")).content.decode()
    row = re.search(r'<tr id="account-%d">.*?</tr>' % person.pk, listing, re.S).group(0)
    assert "未锁定" in row and "—" not in row  # the last login is shown now


def test_disable_stops_login_ends_the_session_and_is_recorded(client, make_person, weibin_admin):
    person = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    person_client = client.__class__()
    assert login(person_client, "weibin_li", "Yingji#2025ok").status_code == 302
    assert person_client.get("/admin/").status_code == 200

    client.force_login(weibin_admin)
    response = client.post(reverse("orgs_account_disable", args=(person.pk,)), follow=True)
    assert "已停用账号 weibin_li" in response.content.decode()
    person.refresh_from_db()
    assert not person.is_active
    assert history(person) == [("orgs.account.disable", "weibin_admin_t")]

    assert person_client.get("/admin/").status_code == 302  # the open session no longer works
    response = login(client.__class__(), "weibin_li", "Yingji#2025ok")
    assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session

    response = client.post(reverse("orgs_account_enable", args=(person.pk,)), follow=True)
    assert "已启用账号 weibin_li" in response.content.decode()
    assert "停用账号" in response.content.decode() and "启用账号" in response.content.decode()  # the history
    assert login(client.__class__(), "weibin_li", "Yingji#2025ok").status_code == 302
    assert history(person) == [("orgs.account.disable", "weibin_admin_t"), ("orgs.account.enable", "weibin_admin_t")]


def test_a_site_admin_cannot_disable_themselves(client, weibin_admin):
    client.force_login(weibin_admin)
    page = client.get(reverse("orgs_account_detail", args=(weibin_admin.pk,))).content.decode()
    assert reverse("orgs_account_disable", args=(weibin_admin.pk,)) not in page
    response = client.post(reverse("orgs_account_disable", args=(weibin_admin.pk,)), follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    weibin_admin.refresh_from_db()
    assert weibin_admin.is_active and history(weibin_admin) == []
    # Nor grant or take away their own roles.
    response = client.post(reverse("orgs_account_role_add", args=(weibin_admin.pk,)), {
        "site": weibin_admin.role_assignments.get().site_id, "role": Role.PRINCIPAL,
    })
    assert response.status_code == 403
    assert list(weibin_admin.role_assignments.values_list("role", flat=True)) == [Role.SITE_ADMIN]


def test_making_an_editor_division_head_gives_publish_permission_and_is_recorded(client, make_person, weibin_admin):
    editor = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li")
    column = weibin_column("应急管理")
    assert column.permissions_for_user(editor).can_add_subpage()
    assert not column.permissions_for_user(editor).can_publish_subpage()

    client.force_login(weibin_admin)
    detail = client.get(reverse("orgs_account_detail", args=(editor.pk,))).content.decode()
    assert "区应急管理局" in detail and "河北省环境保护厅" not in detail
    department = RoleAssignment.objects.get(user=editor).organization
    response = client.post(reverse("orgs_account_role_add", args=(editor.pk,)), {
        "site": weibin_admin.role_assignments.get().site_id, "role": Role.DIVISION_HEAD, "organization": department.pk,
    }, follow=True)
    site_name = weibin_admin.role_assignments.get().site.site_name
    assert f"已添加角色：{site_name} · 处室负责人 · 区应急管理局。" in response.content.decode()
    assert set(RoleAssignment.objects.filter(user=editor).values_list("role", flat=True)) == {Role.EDITOR, Role.DIVISION_HEAD}
    editor = get_user_model().objects.get(pk=editor.pk)
    assert column.permissions_for_user(editor).can_publish_subpage()
    assert not weibin_column("首页横幅").permissions_for_user(editor).can_publish_subpage()  # another unit's column

    editor_role = RoleAssignment.objects.get(user=editor, role=Role.EDITOR)
    client.post(reverse("orgs_account_role_remove", args=(editor.pk, editor_role.pk)))
    assert list(RoleAssignment.objects.filter(user=editor).values_list("role", flat=True)) == [Role.DIVISION_HEAD]
    assert history(editor) == [("orgs.account.role_add", "weibin_admin_t"), ("orgs.account.role_remove", "weibin_admin_t")]
    page = client.get(reverse("orgs_account_detail", args=(editor.pk,))).content.decode()
    assert "添加角色：" in page and "移除角色：" in page and "信息员（信息管理员）" in page

    # The last role cannot be removed (the account would vanish from every list): 停用 is the way.
    last = RoleAssignment.objects.get(user=editor)
    response = client.post(reverse("orgs_account_role_remove", args=(editor.pk, last.pk)), follow=True)
    assert "这是该账号唯一的角色，不能移除" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=last.pk).exists()


def test_a_department_role_needs_one_of_the_sites_departments(client, make_person, profiles, weibin_admin):
    editor = make_person(Role.EDITOR, "weibin", "区应急管理局")
    client.force_login(weibin_admin)
    site_id = profiles["weibin"].site.pk
    url = reverse("orgs_account_role_add", args=(editor.pk,))
    response = client.post(url, {"site": site_id, "role": Role.DIVISION_HEAD}, follow=True)
    assert "信息员和处室负责人须选择所在部门" in response.content.decode()
    other_unit = profiles["hebjgbz"].departments.get(short_name="监督处")
    response = client.post(url, {"site": site_id, "role": Role.DIVISION_HEAD, "organization": other_unit.pk}, follow=True)
    assert "未添加角色" in response.content.decode()
    response = client.post(url, {"site": profiles["hebhb"].site.pk, "role": Role.PRINCIPAL}, follow=True)
    assert "未添加角色" in response.content.decode()
    response = client.post(url, {"site": site_id, "role": Role.PLATFORM_ADMIN}, follow=True)
    assert "未添加角色" in response.content.decode()
    assert list(RoleAssignment.objects.filter(user=editor).values_list("role", flat=True)) == [Role.EDITOR]
    assert history(editor) == []


def test_a_weibin_site_admin_cannot_touch_a_hebhb_account(client, make_person, profiles, weibin_admin):
    hebhb_editor = make_person(Role.EDITOR, "hebhb", username="hebhb_zhao", password="Huanbao#2025ok")
    for _ in range(5):
        login(client.__class__(), "hebhb_zhao", "wrong-pass")
    both = make_person(Role.EDITOR, "weibin", "区应急管理局", username="two_sites")  # also holds a hebhb role
    from orgs.services import assign_role

    assign_role(both, Role.PRINCIPAL, site=profiles["hebhb"].site)
    superuser = get_user_model().objects.create_superuser("root_t", password="Root#2025root")
    assign_role(superuser, Role.EDITOR, site=profiles["weibin"].site)

    def state(user):
        user = get_user_model().objects.get(pk=user.pk)
        return (user.is_active, user.password, sorted(RoleAssignment.objects.filter(user=user).values_list("role", "site_id")),
                AccessAttempt.objects.filter(username=user.username).count(), history(user))

    client.force_login(weibin_admin)
    listing = client.get(reverse("orgs_accounts")).content.decode()
    assert "hebhb_zhao" not in listing
    for target in (hebhb_editor, both, superuser):
        before = state(target)
        assignment = RoleAssignment.objects.filter(user=target).first()
        requests = [
            ("get", reverse("orgs_account_detail", args=(target.pk,)), {}),
            ("post", reverse("orgs_account_unlock", args=(target.pk,)), {}),
            ("post", reverse("orgs_account_disable", args=(target.pk,)), {}),
            ("post", reverse("orgs_account_enable", args=(target.pk,)), {}),
            ("post", reverse("orgs_account_reset", args=(target.pk,)), {}),
            ("post", reverse("orgs_account_role_add", args=(target.pk,)),
             {"site": profiles["weibin"].site.pk, "role": Role.PRINCIPAL}),
            ("post", reverse("orgs_account_role_remove", args=(target.pk, assignment.pk)), {}),
        ]
        for method, url, data in requests:
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (target.username, url)
            assert "hebhb_zhao" not in response.content.decode()
        assert state(target) == before, target.username
    assert AccessAttempt.objects.filter(username="hebhb_zhao").count() == 1  # still locked


def test_reset_password_is_shown_once_and_must_be_changed_at_next_login(client, make_person, weibin_admin):
    person = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    client.force_login(weibin_admin)
    response = client.post(reverse("orgs_account_reset", args=(person.pk,)))
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'<code id="initial-password">([^<]+)</code>', response.content.decode()).group(1)
    for url in (reverse("orgs_accounts"), reverse("orgs_account_detail", args=(person.pk,))):
        assert password not in client.get(url).content.decode()
    assert "重置密码，新初始密码须下次登录修改" in client.get(reverse("orgs_account_detail", args=(person.pk,))).content.decode()
    assert history(person) == [("orgs.account.password_reset", "weibin_admin_t")]

    person_client = client.__class__()
    assert login(person_client, "weibin_li", "Yingji#2025ok").status_code == 200  # the old one no longer works
    assert login(person_client, "weibin_li", password).status_code == 302
    response = person_client.get("/admin/pages/")
    assert response.status_code == 302 and response.url == "/admin/password/"
    new = "Yingji#2026new"
    response = person_client.post("/admin/password/", {"old_password": password, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert person_client.get("/admin/").status_code == 200
