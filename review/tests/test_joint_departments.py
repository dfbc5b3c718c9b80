"""多部门综合性信息 (003 第十四条 按“谁牵头、谁负责”; issue 8 part 3): the lead department's chain applies, and a joint
department sees the item and its review progress read-only — in a list, opened read-only, never edited or signed."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState

from content.models import ArticlePage
from orgs.models import Role

from .chain_helpers import act, article_form, column_of, current_task, draft, people_of

pytestmark = pytest.mark.django_db


def _dept(profiles, code, name):
    return profiles[code].departments.get(short_name=name)


@pytest.fixture
def joint_item(profiles, make_person):
    """hebhb: 监测处 leads a 敏感 item, 人事处 joins it; the 监测处 信息员 submits it through the editor."""
    people = people_of(make_person, profiles, "hebhb")
    lead, joint = _dept(profiles, "hebhb", "监测处"), _dept(profiles, "hebhb", "人事处")
    item = draft(column_of(profiles, "hebhb"), people["editor"], tier="sensitive", title="重污染天气联合应对情况")
    item.lead_department = lead
    item.save()
    item.joint_departments.set([joint])
    item.save()
    people["joint_editor"] = make_person(Role.EDITOR, "hebhb", "人事处")
    people["bystander"] = make_person(Role.EDITOR, "hebhb", "政法处")
    client = Client()
    client.force_login(people["editor"])
    data = article_form(item, "action-submit")
    data["lead_department"] = str(lead.pk)
    data["joint_departments"] = [str(joint.pk)]
    client.post(reverse("wagtailadmin_pages:edit", args=(item.pk,)), data)
    task_state, task = current_task(item)
    assert task_state is not None and task.role == Role.DIVISION_HEAD  # 处室主要负责人审核 first
    return ArticlePage.objects.get(pk=item.pk), people


def test_the_joint_department_lists_and_reads_the_item_with_its_review_progress(joint_item):
    item, people = joint_item
    act(Client(), item, people["head"], comment="同意，报分管厅领导")
    for who in ("joint_editor", "other_head"):  # 人事处's 信息员 and its 负责人
        client = Client()
        client.force_login(people[who])
        listing = client.get(reverse("review_joint_items")).content.decode()
        assert "重污染天气联合应对情况" in listing and "监测处" in listing and "审核中" in listing, who
        page = client.get(reverse("review_joint_item", args=(item.pk,)))
        assert page.status_code == 200, who
        html = page.content.decode()
        # The content as drafted, and every step so far with reviewer and opinion, and the step to come.
        assert "近日，本单位组织开展安全生产检查" in html
        assert "处室主要负责人审核" in html and "同意，报分管厅领导" in html and "待审核" in html
        assert "只能查看" in html
        # Read-only: no edit form, no approval button on this page.
        assert reverse("wagtailadmin_pages:edit", args=(item.pk,)) not in html
        assert "workflow/action" not in html


def test_the_joint_department_cannot_edit_or_approve(joint_item):
    item, people = joint_item
    task_state, _task = current_task(item)
    revisions = item.revisions.count()
    for who in ("joint_editor", "other_head"):
        client = Client()
        client.force_login(people[who])
        assert client.get(reverse("wagtailadmin_pages:edit", args=(item.pk,))).status_code in (302, 403), who
        data = article_form(item, "action-submit", title="参与部门改的标题")
        client.post(reverse("wagtailadmin_pages:edit", args=(item.pk,)), data)
        assert item.revisions.count() == revisions, who
    # 人事处's 负责人 holds the step's role (处室负责人) but not for the lead department: the step stays open.
    response = act(Client(), item, people["other_head"])
    assert response.status_code in (302, 403, 404)
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    # Nothing waits for them in 待我审核 either.
    client = Client()
    client.force_login(people["other_head"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = home[home.index('id="review-awaiting"'):]
    panel = panel[: panel.index("</section>")]
    assert "重污染天气联合应对情况" not in panel and "待我审核（0 条）" in panel
    # The lead department's 负责人 signs it.
    act(Client(), item, people["head"])
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED


def test_other_departments_and_the_lead_do_not_get_the_joint_view(joint_item, profiles, make_person):
    item, people = joint_item
    client = Client()
    client.force_login(people["bystander"])  # a department not named on the item
    assert "重污染天气联合应对情况" not in client.get(reverse("review_joint_items")).content.decode()
    assert client.get(reverse("review_joint_item", args=(item.pk,))).status_code == 404
    # Another site's 人事处-like department: nothing either.
    outsider = make_person(Role.EDITOR, "weibin", "区发改局")
    client.force_login(outsider)
    assert client.get(reverse("review_joint_item", args=(item.pk,))).status_code == 404
    # The lead department sees it as its own, in the editor, not as a joint item.
    client.force_login(people["editor"])
    assert "重污染天气联合应对情况" not in client.get(reverse("review_joint_items")).content.decode()
    assert client.get(reverse("review_joint_item", args=(item.pk,))).status_code == 404


def test_in_a_column_every_department_maintains_only_the_lead_department_edits_a_joint_item(profiles, make_person):
    """A 共同维护 column gives every department's 负责人 the right to change pages in it; a joint item there is still
    the lead department's (谁牵头、谁负责)."""
    from columns.models import ColumnPage

    people = people_of(make_person, profiles, "hebhb")
    shared = ColumnPage.objects.descendant_of(profiles["hebhb"].site.root_page).filter(maintained_by_all=True, numchild=0).first()
    item = draft(shared, people["editor"], title="联合编制的下载资料说明")
    item.lead_department = _dept(profiles, "hebhb", "监测处")
    item.save()
    item.joint_departments.set([_dept(profiles, "hebhb", "人事处")])
    item.save_revision(user=people["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    client = Client()
    client.force_login(people["other_head"])  # 人事处's 负责人: may change pages of this column, not this item
    assert client.get(edit_url).status_code in (302, 403)
    client.force_login(people["head"])  # 监测处's 负责人: the lead department
    assert client.get(edit_url).status_code == 200
    # An item in the same column without a lead department stays open to every department, as before.
    plain = draft(shared, people["editor"], title="普通下载资料说明")
    client.force_login(people["other_head"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=(plain.pk,))).status_code == 200
