"""orgs.permissions.can_review, the order of a person's roles: a role that does not qualify for a review step (an
信息员 role, or a rank below the step's) is skipped, and a later role that does qualify still signs. Written
against mutation testing (make mutation); no database: the roles are given as a request would have read them."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from orgs.models import Role, RoleAssignment
from orgs.permissions import ROLE_CACHE_ATTRIBUTE, can_review

SITE = 7
OFFICE = 70  # the item's department


def person_with_roles(*roles):
    """A saved-looking person whose role assignments (as all_assignments read them) are `roles`, in that order."""
    user = get_user_model()(pk=4242, username="reviewer", is_active=True)
    user.__dict__[ROLE_CACHE_ATTRIBUTE] = [
        RoleAssignment(user_id=4242, role=role, site_id=SITE, organization_id=organization)
        for role, organization in roles
    ]
    return user


ITEM = SimpleNamespace(owner_id=1, site_id_for_rules=lambda: SITE, responsible_organization_ids=lambda: [OFFICE])


@pytest.mark.parametrize("roles, step", [
    # 000 第六条, 004 第十四条: the 主要负责人 signs the principal's step, whatever role is listed first.
    ([(Role.EDITOR, OFFICE), (Role.PRINCIPAL, None)], Role.PRINCIPAL),
    ([(Role.PRINCIPAL, None), (Role.EDITOR, OFFICE)], Role.PRINCIPAL),
    # A 处室负责人 role ranks below the 分管领导 step; the person's 分管领导 role after it signs.
    ([(Role.DIVISION_HEAD, OFFICE), (Role.LEADER_IN_CHARGE, None)], Role.LEADER_IN_CHARGE),
    # The head of another 处 first, then the head of the item's own 处.
    ([(Role.DIVISION_HEAD, OFFICE + 1), (Role.DIVISION_HEAD, OFFICE)], Role.DIVISION_HEAD),
])
def test_a_qualifying_role_signs_whichever_role_comes_first(roles, step):
    assert can_review(person_with_roles(*roles), ITEM, step) is True


@pytest.mark.parametrize("roles, step", [
    ([(Role.EDITOR, OFFICE), (Role.DIVISION_HEAD, OFFICE)], Role.LEADER_IN_CHARGE),
    ([(Role.DIVISION_HEAD, OFFICE + 1)], Role.DIVISION_HEAD),
])
def test_no_qualifying_role_signs_nothing(roles, step):
    assert can_review(person_with_roles(*roles), ITEM, step) is False


def column_on(site_id, organizations=(), shared=False):
    return SimpleNamespace(
        site_id_for_rules=lambda: site_id, responsible_organization_ids=lambda: list(organizations), is_shared=lambda: shared,
    )


def test_a_column_outside_every_site_is_the_platform_admins_only():
    from orgs.permissions import can_edit_column

    admin = person_with_roles((Role.PLATFORM_ADMIN, None))
    editor = person_with_roles((Role.EDITOR, OFFICE))
    assert can_edit_column(admin, column_on(None)) is True
    assert can_edit_column(editor, column_on(None, [OFFICE])) is False


def test_a_department_role_counts_on_its_own_site_only():
    # 002 第五条: a 信息员's department maintains its columns on that site; a department role held without a site
    # opens no column, not even one 各部门共同维护.
    from orgs.permissions import can_edit_column

    siteless_editor = get_user_model()(pk=4343, username="siteless", is_active=True)
    siteless_editor.__dict__[ROLE_CACHE_ATTRIBUTE] = [
        RoleAssignment(user_id=4343, role=Role.EDITOR, site_id=None, organization_id=OFFICE),
    ]
    assert can_edit_column(siteless_editor, column_on(SITE, [OFFICE])) is False
    assert can_edit_column(siteless_editor, column_on(SITE, shared=True)) is False
    assert can_edit_column(person_with_roles((Role.EDITOR, OFFICE)), column_on(SITE, [OFFICE])) is True


def test_a_disabled_account_holds_no_roles():
    from orgs.permissions import all_assignments, can_edit_column

    user = person_with_roles((Role.SITE_ADMIN, None))
    user.is_active = False
    assert all_assignments(user) == []
    assert can_edit_column(user, column_on(SITE, [OFFICE])) is False
