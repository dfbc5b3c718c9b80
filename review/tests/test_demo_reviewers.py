"""load_demo's reviewer accounts can sign their site's chains (issue 8: on `make demo` no reviewer could)."""

import pytest
from django.contrib.auth import get_user_model

from columns.models import ColumnPage
from content.models import ArticlePage
from review.approvers import may_approve
from review.chains import chain_for, chain_tasks
from seeds.demo import _department_for_demo, create_demo_accounts, demo_profiles

pytestmark = pytest.mark.django_db

ROLE_ACCOUNT = {"division_head": "division_head", "leader_in_charge": "leader_in_charge", "principal": "principal", "group": "principal"}


@pytest.mark.parametrize("code", ["hebhb", "hebjgbz", "sxit", "weibin", "hebei"])
def test_every_step_of_every_tier_has_a_demo_reviewer(code, profiles):
    create_demo_accounts(demo_profiles())
    User = get_user_model()
    profile = profiles[code]
    department = _department_for_demo(profile)
    column = ColumnPage.objects.descendant_of(profile.site.root_page).filter(responsibilities__organization=department).first()
    editor = User.objects.get(username=f"{code}_editor")
    item = column.add_child(instance=ArticlePage(title="演示审核", slug="demo-review", owner=editor, live=False))
    for tier in ("general", "sensitive", "major", "special"):
        for task in chain_tasks(chain_for(profile.site, tier, column).workflow):
            reviewer = User.objects.get(username=f"{code}_{ROLE_ACCOUNT[task.role]}")
            assert may_approve(reviewer, task, item, requested_by_id=editor.pk), (tier, task.name)
            assert not may_approve(editor, task, item, requested_by_id=editor.pk)
