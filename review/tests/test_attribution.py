"""Every action on an item attributable (issue 8 part 8): user, role, department, time, IP; 撤稿 needs a reason;
an edit after publication goes through review again while the published version stays online."""

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import PageLogEntry, Workflow

from columns.models import ColumnPage
from content.models import ArticlePage
from orgs.models import Role
from review.attribution import action_reason
from review.models import AppendOnly, ItemAction
from review.tests.chain_helpers import act, current_task, submit

pytestmark = pytest.mark.django_db

CLEAN = "<p>近日，区应急管理局组织开展防汛应急演练。</p>"


@pytest.fixture
def emergency(profiles):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")


@pytest.fixture
def people(make_person):
    return {
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局", full_name="李信息员"),
        # weibin's 一般 chain is one step, 分管领导审核 (seeds/weibin.yaml review_chains, 004 第十四条).
        "leader": make_person(Role.LEADER_IN_CHARGE, "weibin", "区应急管理局", full_name="赵分管"),
        "site_admin": make_person(Role.SITE_ADMIN, "weibin", full_name="王管理员"),
    }


def published_item(client, emergency, people, title="防汛应急演练", **form_changes):
    """Drafted by the 信息员, submitted in the editor, approved by the 分管领导: the chain's approval publishes."""
    item = emergency.add_child(instance=ArticlePage(title=title, slug=f"i{ArticlePage.objects.count()}", body=CLEAN, owner=people["editor"], live=False))
    item.save_revision(user=people["editor"])
    item = ArticlePage.objects.get(pk=item.pk)
    response = submit(client, item, people["editor"], **form_changes)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    _state, task = current_task(item)
    assert task.name == "分管领导审核"
    assert act(client, item, people["leader"], comment="同意").status_code == 302
    assert current_task(item) == (None, None)
    client.logout()
    return ArticlePage.objects.get(pk=item.pk)


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_create_edit_and_publish_are_recorded_with_role_department_and_time(client, emergency, people):
    item = published_item(client, emergency, people)
    created = ItemAction.objects.get(page=item, action="wagtail.create")
    assert (created.action_label, created.user_name, created.roles, created.department_name) == (
        "创建", "李信息员", "信息员（信息管理员）", "宝鸡市渭滨区应急管理局"
    )
    publish = ItemAction.objects.get(page=item, action="wagtail.publish")
    assert (publish.user_name, publish.roles, publish.department_name) == ("赵分管", "分管领导", "宝鸡市渭滨区应急管理局")
    assert publish.at.isoformat().startswith("2026-11-20T02:00")
    entry = PageLogEntry.objects.get(pk=publish.log_entry_id)
    assert entry.action == "wagtail.publish" and entry.page_id == item.pk


def test_item_actions_are_append_only(client, emergency, people):
    record = ItemAction.objects.filter(page=published_item(client, emergency, people)).first()
    record.reason = "改写"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    assert ItemAction.objects.get(pk=record.pk).reason == ""


def test_withdrawal_needs_a_reason_and_records_it_with_the_address(client, emergency, people):
    item = published_item(client, emergency, people)
    client.force_login(people["site_admin"])
    url = reverse("wagtailadmin_pages:unpublish", args=(item.pk,))
    form = client.get(url).content.decode()
    assert 'name="withdrawal_reason"' in form and "撤稿理由（必填）" in form

    response = client.post(url, {"withdrawal_reason": "  "}, follow=True)
    assert ArticlePage.objects.get(pk=item.pk).live  # nothing withdrawn
    assert "撤稿须填写理由" in response.content.decode()
    assert not ItemAction.objects.filter(page=item, action="wagtail.unpublish").exists()

    client.post(url, {"withdrawal_reason": "信息已过时效，按规定撤稿"}, REMOTE_ADDR="192.0.2.15")
    assert not ArticlePage.objects.get(pk=item.pk).live
    withdrawal = ItemAction.objects.get(page=item, action="wagtail.unpublish")
    assert (withdrawal.action_label, withdrawal.reason, withdrawal.user_name, withdrawal.roles, withdrawal.ip_address) == (
        "撤稿", "信息已过时效，按规定撤稿", "王管理员", "网站管理员", "192.0.2.15"
    )


def test_bulk_withdrawal_of_items_is_refused(client, emergency, people):
    item = published_item(client, emergency, people)
    client.force_login(people["site_admin"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")) + f"?id={item.pk}&next=/admin/"
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert ArticlePage.objects.get(pk=item.pk).live
    assert "不能批量撤稿" in response.content.decode()


def test_a_command_withdrawal_carries_its_reason(client, emergency, people):
    item = published_item(client, emergency, people)
    with action_reason("来源单位要求撤稿"):
        item.unpublish(user=people["site_admin"])
    assert ItemAction.objects.get(page=item, action="wagtail.unpublish").reason == "来源单位要求撤稿"


def test_edit_after_publication_goes_through_review_while_the_published_version_stays(client, emergency, people):
    item = published_item(client, emergency, people, title="防汛演练通知")
    client.force_login(people["editor"])
    edit = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    data = nested_form_data({
        "title": "防汛演练通知（更正）", "slug": item.slug, "publish_date": "2026-11-20 09:00", "source": "", "author": "",
        "summary": "", "body": rich_text("<p>更正后的正文。</p>"),
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}, "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    })
    data["action-submit"] = "1"
    assert client.post(edit, data).status_code == 302
    live = ArticlePage.objects.get(pk=item.pk)
    assert live.live and live.title == "防汛演练通知" and "防汛应急演练" in live.body  # the published version stays
    assert live.has_unpublished_changes and live.workflow_in_progress
    public = client.get(live.url, HTTP_HOST="weibin.localhost").content.decode()
    assert "防汛演练通知" in public and "更正后的正文" not in public
    first, correction = ItemAction.objects.filter(page=item, action="wagtail.workflow.start").order_by("at", "pk")  # publication, then the correction
    assert correction.user_name == "李信息员" and "信息员" in correction.roles
    _state, task = current_task(item)
    assert task.name == "分管领导审核"  # the correction awaits the chain's 分管领导 like any submission
    # The editor cannot put the correction online by another path either.
    client.force_login(people["editor"])
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={item.pk}&next=/admin/"
    client.post(bulk, {"include_descendants": ""})
    assert ArticlePage.objects.get(pk=item.pk).title == "防汛演练通知"
    assert Workflow.objects.filter(active=True).exists()


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_schedule_is_recorded(client, emergency, people):
    # The 信息员 sets 定时发布 for tomorrow; the 分管领导's approval schedules it rather than publishing now.
    item = published_item(client, emergency, people, title="定时发布的通知", go_live_at="2026-11-21 09:00")
    scheduled = ItemAction.objects.get(page=item, action="wagtail.publish.schedule")
    assert (scheduled.action_label, scheduled.user_name) == ("定时发布", "赵分管")
    assert not ArticlePage.objects.get(pk=item.pk).live
