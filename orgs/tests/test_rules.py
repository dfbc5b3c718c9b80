"""The plain permission rules of orgs.permissions on the real seed sites."""

import pytest

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role
from orgs.permissions import can_edit_column, can_review
from orgs.services import revoke_role

pytestmark = pytest.mark.django_db


def column(profile, title):
    return ColumnPage.objects.descendant_of(profile.site.root_page).get(title=title)


def test_review_steps_follow_rank_department_and_never_the_author(profiles, make_person):
    # 000 第六条: 一般 → 处室主要负责人; 敏感 → 分管厅领导; 重大 → 厅长. 谁发布谁负责: nobody signs their own item.
    author = make_person(Role.EDITOR, "hebjgbz", "监督处")
    item = place_item(column(profiles["hebjgbz"], "监督检查"), ArticlePage(title="监督检查通报", slug="check", owner=author))
    own_head = make_person(Role.DIVISION_HEAD, "hebjgbz", "监督处")
    other_head = make_person(Role.DIVISION_HEAD, "hebjgbz", "综合处")
    leader = make_person(Role.LEADER_IN_CHARGE, "hebjgbz")
    principal = make_person(Role.PRINCIPAL, "hebjgbz")
    leader_elsewhere = make_person(Role.LEADER_IN_CHARGE, "weibin")

    assert can_review(own_head, item, Role.DIVISION_HEAD) and not can_review(own_head, item, Role.LEADER_IN_CHARGE)
    assert not can_review(other_head, item, Role.DIVISION_HEAD)
    assert can_review(leader, item, Role.LEADER_IN_CHARGE) and not can_review(leader, item, Role.PRINCIPAL)
    assert can_review(principal, item, Role.PRINCIPAL)
    assert not can_review(leader_elsewhere, item, Role.LEADER_IN_CHARGE)
    assert not can_review(author, item, Role.DIVISION_HEAD)


def test_revoking_a_role_takes_the_columns_away_in_the_admin_too(client, profiles, make_person):
    col = column(profiles["weibin"], "应急管理")
    editor = make_person(Role.EDITOR, "weibin", "区应急管理局")
    assert can_edit_column(editor, col) and col.permissions_for_user(editor).can_add_subpage()
    revoke_role(editor, Role.EDITOR, site=profiles["weibin"].site, organization=profiles["weibin"].departments.get(short_name="区应急管理局"))
    col, editor = ColumnPage.objects.get(pk=col.pk), type(editor).objects.get(pk=editor.pk)  # Wagtail caches perms per user object
    assert not can_edit_column(editor, col) and not col.permissions_for_user(editor).can_add_subpage()
    assert not editor.groups.exists()
