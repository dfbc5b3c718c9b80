"""Accounts and passwords: 000 第四条 (密码要定期更改), 002 第八条/第九条, 003 第二十二条 (初始登陆口令),
004 第十七条; lockout after repeated failures (django-axes) and a record of every login."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from orgs.models import AccountSecurity, Role, RoleAssignment

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "/admin/password/"


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def change_password(client, old, new):
    return client.post(PASSWORD, {"old_password": old, "new_password1": new, "new_password2": new})


# --- The 网站管理员 creates an account; the initial password must be changed at first login ------------------


def test_site_admin_creates_account_and_sees_initial_password_once(client, profiles, make_person):
    admin = make_person(Role.SITE_ADMIN, "hebjgbz")
    client.force_login(admin)
    form = client.get(reverse("orgs_account_create"))
    assert form.status_code == 200
    html = form.content.decode()
    assert "新建账号" in html and "监督处" in html
    assert "区应急管理局" not in html  # another site's department is not offered

    response = client.post(reverse("orgs_account_create"), {
        "site": profiles["hebjgbz"].site.pk, "username": "haoqianwen", "full_name": "郝前文",
        "role": Role.EDITOR, "organization": profiles["hebjgbz"].departments.get(short_name="监督处").pk,
    })
    assert response.status_code == 200
    html = response.content.decode()
    password = re.search(r'<code id="initial-password">([^<]+)</code>', html).group(1)
    assert "只在本页显示这一次" in html

    user = get_user_model().objects.get(username="haoqianwen")
    assert user.security.must_change_password
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.for_instance(user).get()
    assert (entry.action, entry.user_id, entry.message) == ("orgs.account.create", admin.pk, "新建账号，初始密码须首次登录修改")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.site_id, assignment.organization.short_name) == (
        Role.EDITOR, profiles["hebjgbz"].site.pk, "监督处")
    # The list of the site's accounts never shows the password again.
    listing = client.get(reverse("orgs_accounts")).content.decode()
    assert "haoqianwen" in listing and password not in listing and "待首次登录改密" in listing

    # The new 信息员 logs in with it and is sent to change it before anything else.
    client.logout()
    assert login(client, "haoqianwen", password).status_code == 302
    for url in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/site-accounts/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == PASSWORD, url
    page = client.get(PASSWORD).content.decode()
    assert "初始密码" in page and "首次登录须修改" in page
    response = change_password(client, password, "Jiandu#2025chu")
    assert response.status_code == 302
    user.security.refresh_from_db()
    assert not user.security.must_change_password
    assert client.get("/admin/").status_code == 200


def test_account_form_requires_department_for_editors_and_refuses_other_sites(client, profiles, make_person):
    admin = make_person(Role.SITE_ADMIN, "hebjgbz")
    client.force_login(admin)
    response = client.post(reverse("orgs_account_create"), {
        "site": profiles["hebjgbz"].site.pk, "username": "nodept", "full_name": "某人", "role": Role.EDITOR,
    })
    assert "信息员和处室负责人须选择所在部门" in response.content.decode()
    response = client.post(reverse("orgs_account_create"), {
        "site": profiles["weibin"].site.pk, "username": "intruder", "full_name": "某人", "role": Role.SITE_ADMIN,
    })
    assert "选择一个有效的选项" in response.content.decode()
    assert not get_user_model().objects.filter(username__in=["nodept", "intruder"]).exists()


def test_accounts_admin_is_for_site_admins_of_that_site(client, profiles, make_person):
    editor = make_person(Role.EDITOR, "hebjgbz", "监督处")
    client.force_login(editor)
    response = client.get(reverse("orgs_accounts"), follow=True)
    assert "没有权限访问" in response.content.decode()

    weibin_user = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_someone")
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    assert "weibin_someone" not in client.get(reverse("orgs_accounts")).content.decode()
    hash_before = weibin_user.password
    response = client.post(reverse("orgs_account_reset", args=(weibin_user.pk,)), follow=True)
    assert "没有权限访问" in response.content.decode()
    weibin_user.refresh_from_db()
    assert weibin_user.password == hash_before


def test_reset_password_issues_a_new_initial_password(client, make_person):
    editor = make_person(Role.EDITOR, "hebjgbz", "监督处", password="Old#pass2024x")
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    response = client.post(reverse("orgs_account_reset", args=(editor.pk,)))
    password = re.search(r'<code id="initial-password">([^<]+)</code>', response.content.decode()).group(1)
    editor.refresh_from_db()
    assert editor.check_password(password) and editor.security.must_change_password


# --- Expiry and history ---------------------------------------------------------------------------------------


def test_expired_password_forces_change(client, make_person):
    """90 days (000 第四条: 密码要定期更改): at 89 days the admin opens, at 91 it sends to the change form."""
    user = make_person(Role.EDITOR, "hebjgbz", "监督处", password="Jiandu#2024old")
    client.force_login(user)
    AccountSecurity.objects.filter(user=user).update(password_changed_at=timezone.now() - timedelta(days=89))
    assert client.get("/admin/").status_code == 200
    AccountSecurity.objects.filter(user=user).update(password_changed_at=timezone.now() - timedelta(days=91))
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == PASSWORD
    assert "您的密码已使用超过 90 天" in client.get(PASSWORD).content.decode()
    change_password(client, "Jiandu#2024old", "Jiandu#2025new")
    assert client.get("/admin/").status_code == 200


def test_the_last_five_passwords_cannot_be_reused_the_sixth_last_can(client, make_person):
    """The password history is 5 (000 第四条, 002 第八条): the current password and the four before it are
    refused; the one before those (the sixth-last) is accepted again."""
    passwords = [f"Pass#{n}word2024" for n in range(1, 7)]
    user = make_person(Role.EDITOR, "hebjgbz", "监督处", password=passwords[0])
    client.force_login(user)
    for old, new in zip(passwords, passwords[1:]):  # 1 → 2 → … → 6: the history is now 6, 5, 4, 3, 2, 1
        assert change_password(client, old, new).status_code == 302
        client.force_login(get_user_model().objects.get(pk=user.pk))
    for reused in (passwords[5], passwords[1]):  # the current one and the fifth-last
        response = change_password(client, passwords[5], reused)
        assert response.status_code == 200
        assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(passwords[5])
    response = change_password(client, passwords[5], passwords[0])  # the sixth-last
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(passwords[0])


def test_weak_password_is_refused_in_chinese(client, make_person):
    user = make_person(Role.EDITOR, "hebjgbz", "监督处", password="First#pass2024")
    client.force_login(user)
    response = change_password(client, "First#pass2024", "onlyletterslong")
    assert "密码须同时包含字母、数字和符号" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("First#pass2024")


# --- Lockout and the login record (more in test_lockout.py) ---------------------------------------------------


def test_five_failures_lock_the_account_on_that_address_with_the_chinese_page(client, make_person):
    make_person(Role.EDITOR, "hebjgbz", "监督处", username="zhangwenyi", password="Zonghe#2025ok")
    assert "登录" in client.get(LOGIN).content.decode()
    for attempt in range(1, 5):
        response = login(client, "zhangwenyi", "wrong-password")
        assert response.status_code == 200, attempt  # attempts one to four: the form again, with its error
    response = login(client, "zhangwenyi", "wrong-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert "账号 zhangwenyi 从地址 127.0.0.1 连续 5 次登录失败" in html
    assert "暂停 30 分钟" in html and "网站管理员" in html
    response = login(client, "zhangwenyi", "Zonghe#2025ok")
    assert response.status_code == 429 and "账号 zhangwenyi 从地址 127.0.0.1" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="zhangwenyi").count() == 5
    assert AccessAttempt.objects.get(username="zhangwenyi").failures_since_start == 5


def test_four_failures_still_let_the_right_password_in(client, make_person):
    make_person(Role.EDITOR, "hebjgbz", "监督处", username="zhangwenyi", password="Zonghe#2025ok")
    for _ in range(4):
        assert login(client, "zhangwenyi", "wrong-password").status_code == 200
    response = login(client, "zhangwenyi", "Zonghe#2025ok")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="zhangwenyi").pk)
    assert not AccessAttempt.objects.filter(username="zhangwenyi").exists()  # success clears the count


def test_fewer_failures_then_success_logs_in_and_is_recorded(client, make_person):
    make_person(Role.EDITOR, "hebjgbz", "监督处", username="zhangwenyi", password="Zonghe#2025ok")
    for _ in range(2):
        response = login(client, "zhangwenyi", "wrong-password")
        assert response.status_code == 200
    response = login(client, "zhangwenyi", "Zonghe#2025ok")
    assert response.status_code == 302
    entry = AccessLog.objects.filter(username="zhangwenyi").latest("attempt_time")
    assert entry.ip_address == "127.0.0.1"
    assert AccessFailureLog.objects.filter(username="zhangwenyi").count() == 2


def _settings_with(monkeypatch, **environ):
    import runpy
    from pathlib import Path

    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(Path(__file__).resolve().parents[2] / "govsite" / "settings.py"))


def test_one_nginx_in_front_records_the_real_client(client, make_person, monkeypatch):
    """nginx (proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for) appends the address it saw;
    REMOTE_ADDR is nginx itself. The settings for GOVSITE_PROXY_COUNT=1 must record that appended address,
    and must not believe an address the client put into the header (it would dodge the lockout)."""
    configured = _settings_with(monkeypatch, GOVSITE_PROXY_COUNT="1")
    with override_settings(GOVSITE_PROXY_COUNT=configured["GOVSITE_PROXY_COUNT"],
                           AXES_CLIENT_IP_CALLABLE=configured["AXES_CLIENT_IP_CALLABLE"]):
        make_person(Role.EDITOR, "hebjgbz", "监督处", username="zhangwenyi", password="Zonghe#2025ok")
        login(client, "zhangwenyi", "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        login(client, "zhangwenyi", "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
        login(client, "zhangwenyi", "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
        login(client, "zhangwenyi", "Zonghe#2025ok", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
        recorded = list(AccessFailureLog.objects.filter(username="zhangwenyi").order_by("id").values_list("ip_address", flat=True))
    assert recorded == ["203.0.113.7", "203.0.113.9", "127.0.0.1"]
    assert AccessLog.objects.get(username="zhangwenyi").ip_address == "203.0.113.7"


@override_settings(GOVSITE_PROXY_COUNT=2)
def test_behind_two_proxies_the_recorded_address_is_the_one_the_first_proxy_saw(client, make_person):
    """A load balancer, then nginx: X-Forwarded-For is "client, balancer"; the client is second from the right."""
    make_person(Role.EDITOR, "hebjgbz", "监督处", username="zhangwenyi", password="Zonghe#2025ok")
    forwarded = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7, 10.0.0.4"}
    login(client, "zhangwenyi", "wrong-password", **forwarded)
    assert AccessFailureLog.objects.get(username="zhangwenyi").ip_address == "203.0.113.7"
    login(client, "zhangwenyi", "Zonghe#2025ok", **forwarded)
    assert AccessLog.objects.get(username="zhangwenyi").ip_address == "203.0.113.7"


def test_without_a_proxy_the_forwarded_header_is_not_believed(client, make_person):
    make_person(Role.EDITOR, "hebjgbz", "监督处", username="zhangwenyi", password="Zonghe#2025ok")
    login(client, "zhangwenyi", "wrong", REMOTE_ADDR="198.51.100.3", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessFailureLog.objects.get(username="zhangwenyi").ip_address == "198.51.100.3"


def test_accounts_made_in_wagtail_users_admin_also_start_with_an_initial_password(client, make_person):
    from wagtail.test.utils.form_data import querydict_from_html

    client.force_login(make_person(Role.PLATFORM_ADMIN))
    add = reverse("wagtailusers_users:add")
    data = querydict_from_html(client.get(add).content.decode(), form_id="w-editor-form")
    data.update({"username": "liyingming", "email": "li@example.gov.cn", "first_name": "英明", "last_name": "李",
                 "password1": "Zonghe#2025li", "password2": "Zonghe#2025li"})
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(username="liyingming")
    assert user.security.must_change_password

    user.security.must_change_password = False
    user.security.save()
    edit = reverse("wagtailusers_users:edit", args=(user.pk,))
    data = querydict_from_html(client.get(edit).content.decode(), form_id="w-editor-form")
    data.update({"password1": "Reset#2025liy", "password2": "Reset#2025liy"})
    assert client.post(edit, data).status_code == 302
    user.security.refresh_from_db()
    assert user.security.must_change_password
