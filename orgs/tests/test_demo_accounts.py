"""Demo accounts: initial passwords that must be changed at first login, like every account; a re-run of
load_demo keeps existing accounts as they are and keeps their line in the accounts file (issue 7 parts 4, 6)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def accounts_in(text):
    return dict(re.findall(r"^  (\w+)\t([^\t]+)\t", text, re.M))


def test_load_demo_accounts_must_change_and_a_rerun_keeps_them(client, tmp_path, capsys):
    accounts_file = tmp_path / "demo-accounts.txt"
    call_command("load_demo", accounts_file=str(accounts_file))
    first = accounts_in(accounts_file.read_text(encoding="utf-8"))
    assert len(first) == 1 + 7 * 5  # platform_admin, and five roles on each of the seven seed sites
    assert "weibin_editor" in first and "（已存在" not in first["weibin_editor"]

    # First login with the printed password: the change form comes before anything else.
    assert client.post("/admin/login/", {"username": "weibin_editor", "password": first["weibin_editor"]}).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == "/admin/password/"
    new = "Weibin#2026mine"
    client.post("/admin/password/", {"old_password": first["weibin_editor"], "new_password1": new, "new_password2": new})
    assert client.get("/admin/").status_code == 200
    # An administrator's changes since: a role taken away, an account disabled.
    User = get_user_model()
    principal = User.objects.get(username="weibin_principal")
    principal.is_active = False
    principal.save()
    RoleAssignment.objects.filter(user__username="weibin_division_head").update(role=Role.EDITOR)

    capsys.readouterr()
    call_command("load_demo", accounts_file=str(accounts_file))
    printed = capsys.readouterr().out
    assert "weibin_editor\t" + first["weibin_editor"] in printed  # the line written at first creation
    assert "已存在的账号保持原样" in printed
    assert accounts_in(accounts_file.read_text(encoding="utf-8")) == first  # no password blanked or replaced
    assert User.objects.get(username="weibin_editor").check_password(new)
    assert not User.objects.get(username="weibin_principal").is_active
    assert list(RoleAssignment.objects.filter(user__username="weibin_division_head").values_list("role", flat=True)) == [
        Role.EDITOR]

    # Without the earlier file, a kept account says so instead of printing a password it does not know.
    from seeds import demo

    lines = demo.account_lines(demo.create_demo_accounts(demo.demo_profiles()))
    assert [line for line in lines if line.startswith("  weibin_editor\t")] == [
        "  weibin_editor\t（已存在，密码未改）\t信息员（信息管理员）\t宝鸡市渭滨区人民政府\t"
        + str(RoleAssignment.objects.get(user__username="weibin_editor").organization)]
