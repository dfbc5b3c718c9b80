"""Login lockout per (username, address) pair and the per-address throttle, through the real admin login
(issue 7, reproduction 8: behind one office NAT, one person locked out the whole office)."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog

from orgs.models import Role

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
OFFICE = "198.51.100.10"  # one office NAT address
ELSEWHERE = "198.51.100.77"


def login(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def test_settings_default_to_five_failures_half_an_hour_and_twenty_per_address_in_five_minutes(monkeypatch):
    import runpy
    from pathlib import Path

    for key in ("GOVSITE_LOGIN_FAILURE_LIMIT", "GOVSITE_LOCKOUT_HOURS", "GOVSITE_ADDRESS_THROTTLE_FAILURES",
                "GOVSITE_ADDRESS_THROTTLE_SECONDS"):
        monkeypatch.delenv(key, raising=False)
    configured = runpy.run_path(str(Path(__file__).resolve().parents[2] / "govsite" / "settings.py"))
    assert configured["AXES_FAILURE_LIMIT"] == 5
    assert configured["AXES_COOLOFF_TIME"] == 0.5
    assert configured["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert (configured["GOVSITE_ADDRESS_THROTTLE_FAILURES"], configured["GOVSITE_ADDRESS_THROTTLE_SECONDS"]) == (20, 300)
    monkeypatch.setenv("GOVSITE_ADDRESS_THROTTLE_FAILURES", "40")
    monkeypatch.setenv("GOVSITE_LOGIN_FAILURE_LIMIT", "3")
    configured = runpy.run_path(str(Path(__file__).resolve().parents[2] / "govsite" / "settings.py"))
    assert (configured["AXES_FAILURE_LIMIT"], configured["GOVSITE_ADDRESS_THROTTLE_FAILURES"]) == (3, 40)


def test_made_up_usernames_from_one_address_do_not_lock_out_a_colleague(client, make_person):
    colleague = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    for name in ("admin", "root", "weibin_admin", "test", "zhangsan"):
        assert login(client, name, "guess-1234", OFFICE).status_code == 200
    for _ in range(5):  # and one made-up name five times: that pair is locked…
        response = login(client, "ghost", "guess-1234", OFFICE)
    assert response.status_code == 429 and "账号 ghost 从地址 198.51.100.10" in response.content.decode()
    # …but the colleague on the same address, with the right password, gets in.
    response = login(client, "weibin_li", "Yingji#2025ok", OFFICE)
    assert response.status_code == 302
    assert logged_in_as(client, colleague)


def test_five_failures_lock_that_pair_but_not_the_same_person_elsewhere(client, make_person):
    user = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    for attempt in range(1, 5):
        assert login(client, "weibin_li", "wrong-pass", OFFICE).status_code == 200, attempt
    response = login(client, "weibin_li", "wrong-pass", OFFICE)
    assert response.status_code == 429
    html = response.content.decode()
    assert "账号 weibin_li 从地址 198.51.100.10 连续 5 次登录失败，该账号从这个地址的登录已暂停。" in html
    assert "暂停 30 分钟" in html
    assert "同一地址上的其他账号、以及该账号从其他地址的登录不受影响" in html
    assert "请联系本网站的网站管理员" in html

    assert login(client, "weibin_li", "Yingji#2025ok", OFFICE).status_code == 429  # right password, same address
    assert not logged_in_as(client, user)
    response = login(client, "weibin_li", "Yingji#2025ok", ELSEWHERE)  # right password, another address
    assert response.status_code == 302 and logged_in_as(client, user)
    # Logging in from elsewhere did not lift the lock on the office address.
    client.logout()
    assert login(client, "weibin_li", "Yingji#2025ok", OFFICE).status_code == 429


def test_the_lock_ends_after_half_an_hour(client, make_person):
    user = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    for _ in range(5):
        login(client, "weibin_li", "wrong-pass", OFFICE)
    AccessAttempt.objects.filter(username="weibin_li").update(attempt_time=AccessAttempt.objects.get(
        username="weibin_li").attempt_time - timedelta(minutes=29))
    assert login(client, "weibin_li", "Yingji#2025ok", OFFICE).status_code == 429
    AccessAttempt.objects.filter(username="weibin_li").update(attempt_time=AccessAttempt.objects.get(
        username="weibin_li").attempt_time - timedelta(minutes=2))  # 31 minutes ago now
    assert login(client, "weibin_li", "Yingji#2025ok", OFFICE).status_code == 302
    assert logged_in_as(client, user)


def test_many_failures_from_one_address_slow_it_down_without_locking_anyone(client, make_person):
    colleague = make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_li", password="Yingji#2025ok")
    for n in range(19):
        assert login(client, f"guess{n}", "wrong-pass", OFFICE).status_code == 200, n
    # The 20th failure is still answered normally (the form with its error); the 21st attempt waits.
    assert login(client, "guess19", "wrong-pass", OFFICE).status_code == 200
    response = login(client, "weibin_li", "Yingji#2025ok", OFFICE)
    assert response.status_code == 429
    html = response.content.decode()
    seconds = int(re.search(r"请等待 (\d+) 秒后再登录。", html).group(1))
    assert 295 <= seconds <= 300 and response["Retry-After"] == str(seconds)
    assert "最近 5 分钟内，从地址 198.51.100.10 登录失败已达 20 次" in html
    assert "这不是账号被锁定" in html and "暂停登录" not in html and "账号 weibin_li" not in html
    assert not logged_in_as(client, colleague)
    # The throttled attempt checked no password: it is counted against nobody.
    assert AccessFailureLog.objects.filter(ip_address=OFFICE).count() == 20
    assert not AccessAttempt.objects.filter(username="weibin_li").exists()
    # Another address is not slowed.
    other = client_class_login(make_person, ELSEWHERE)
    assert other == 302

    # After the wait (the failures are now five minutes old), the colleague's right password works.
    for entry in AccessFailureLog.objects.filter(ip_address=OFFICE):
        AccessFailureLog.objects.filter(pk=entry.pk).update(attempt_time=entry.attempt_time - timedelta(seconds=seconds))
    response = login(client, "weibin_li", "Yingji#2025ok", OFFICE)
    assert response.status_code == 302 and logged_in_as(client, colleague)


def client_class_login(make_person, address):
    from django.test import Client

    make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_wang", password="Yingji#2025wg")
    return login(Client(), "weibin_wang", "Yingji#2025wg", address).status_code


def test_the_throttle_only_counts_the_window(client, make_person, settings):
    settings.GOVSITE_ADDRESS_THROTTLE_FAILURES = 3
    settings.GOVSITE_ADDRESS_THROTTLE_SECONDS = 60
    for n in range(3):
        login(client, f"guess{n}", "wrong-pass", OFFICE)
    AccessFailureLog.objects.filter(username="guess0").update(
        attempt_time=AccessFailureLog.objects.get(username="guess0").attempt_time - timedelta(seconds=61))
    # One of the three left the window: two remain, under the limit of three.
    assert login(client, "guess3", "wrong-pass", OFFICE).status_code == 200
    response = login(client, "guess4", "wrong-pass", OFFICE)
    assert response.status_code == 429 and "最近 1 分钟内" in response.content.decode()


def test_get_of_the_login_page_is_never_throttled(client, settings):
    settings.GOVSITE_ADDRESS_THROTTLE_FAILURES = 1
    login(client, "guess", "wrong-pass", OFFICE)
    assert login(client, "guess", "wrong-pass", OFFICE).status_code == 429
    assert client.get(LOGIN, REMOTE_ADDR=OFFICE).status_code == 200
