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
