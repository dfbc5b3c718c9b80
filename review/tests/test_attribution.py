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

pytestmark = pytest.mark.django_db

CLEAN = "<p>近日，区应急管理局组织开展防汛应急演练。</p>"


@pytest.fixture
def emergency(profiles):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")


@pytest.fixture
def people(make_person):
    return {
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局", full_name="李信息员"),
        "head": make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局", full_name="张处长"),
        "site_admin": make_person(Role.SITE_ADMIN, "weibin", full_name="王管理员"),
    }


def published_item(emergency, people, title="防汛应急演练"):
    item = emergency.add_child(instance=ArticlePage(title=title, slug=f"i{ArticlePage.objects.count()}", body=CLEAN, owner=people["editor"], live=False))
    item.save_revision(user=people["editor"]).publish(user=people["head"])
    return ArticlePage.objects.get(pk=item.pk)


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_create_edit_and_publish_are_recorded_with_role_department_and_time(emergency, people):
    item = published_item(emergency, people)
    created = ItemAction.objects.get(page=item, action="wagtail.create")
    assert (created.action_label, created.user_name, created.roles, created.department_name) == (
        "创建", "李信息员", "信息员（信息管理员）", "宝鸡市渭滨区应急管理局"
    )
    publish = ItemAction.objects.get(page=item, action="wagtail.publish")
    assert (publish.user_name, publish.roles, publish.department_name) == ("张处长", "处室负责人", "宝鸡市渭滨区应急管理局")
    assert publish.at.isoformat().startswith("2026-11-20T02:00")
    entry = PageLogEntry.objects.get(pk=publish.log_entry_id)
    assert entry.action == "wagtail.publish" and entry.page_id == item.pk


def test_item_actions_are_append_only(emergency, people):
    record = ItemAction.objects.filter(page=published_item(emergency, people)).first()
    record.reason = "改写"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    assert ItemAction.objects.get(pk=record.pk).reason == ""


def test_withdrawal_needs_a_reason_and_records_it_with_the_address(client, emergency, people):
    item = published_item(emergency, people)
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
    item = published_item(emergency, people)
    client.force_login(people["site_admin"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")) + f"?id={item.pk}&next=/admin/"
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert ArticlePage.objects.get(pk=item.pk).live
    assert "不能批量撤稿" in response.content.decode()


def test_a_command_withdrawal_carries_its_reason(emergency, people):
    item = published_item(emergency, people)
    with action_reason("来源单位要求撤稿"):
        item.unpublish(user=people["site_admin"])
    assert ItemAction.objects.get(page=item, action="wagtail.unpublish").reason == "来源单位要求撤稿"


def test_edit_after_publication_goes_through_review_while_the_published_version_stays(client, emergency, people):
    item = published_item(emergency, people, title="防汛演练通知")
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
    submitted = ItemAction.objects.get(page=item, action="wagtail.workflow.start")
    assert submitted.user_name == "李信息员"
    # The editor cannot put the correction online by another path either.
    client.force_login(people["editor"])
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={item.pk}&next=/admin/"
    client.post(bulk, {"include_descendants": ""})
    assert ArticlePage.objects.get(pk=item.pk).title == "防汛演练通知"
    assert Workflow.objects.filter(active=True).exists()


def test_schedule_is_recorded(emergency, people):
    from datetime import timedelta

    from django.utils import timezone

    item = emergency.add_child(instance=ArticlePage(title="定时发布的通知", slug="scheduled", body=CLEAN, owner=people["editor"], live=False))
    item.go_live_at = timezone.now() + timedelta(days=1)
    item.save_revision(user=people["editor"]).publish(user=people["head"])
    scheduled = ItemAction.objects.get(page=item, action="wagtail.publish.schedule")
    assert (scheduled.action_label, scheduled.user_name) == ("定时发布", "张处长")
    assert not ArticlePage.objects.get(pk=item.pk).live
