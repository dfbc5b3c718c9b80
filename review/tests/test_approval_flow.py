"""The flow through Wagtail's editor (issue 8 parts 4, 6, 7, 8): the 信息员 confirms each warning and submits,
the 处室负责人 approves in the attached workflow, the item goes online; the 审批表 (002 附件3) shows every step, as
admin page, printable HTML, PDF and xlsx, only to people of that site."""

import io
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from columns.models import ColumnPage
from content.models import ArticlePage
from orgs.models import Role
from review.acknowledgements import missing_acknowledgements
from review.models import ItemAction, WarningAcknowledgement

pytestmark = pytest.mark.django_db

SENSITIVE_BODY = "<p>近日，区应急管理局妥善处置一起群体性事件，现场秩序平稳。</p>"
NOON = "2026-11-20 12:00 +0800"


def article_form(title, body, slug, action, *, acknowledged=(), work_ended_on="", source="渭滨区应急管理局"):
    data = nested_form_data({
        "title": title, "slug": slug, "publish_date": "2026-11-20 09:00", "source": source, "author": "", "summary": "",
        "body": rich_text(body), "work_ended_on": work_ended_on,
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}, "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    })
    data["acknowledged_warnings"] = list(acknowledged)
    data[action] = "1"
    return data


@pytest.fixture
def emergency(profiles):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")


@pytest.fixture
def people(make_person):
    head = make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局", full_name="张处长")
    # The seeded DB's only workflow is 默认审核流程 (one GroupApprovalTask, group 审核员（默认）): its reviewer joins it.
    Group.objects.get(name="审核员（默认）").user_set.add(head)
    return {
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局", full_name="李信息员"),
        "head": head,
        "site_admin": make_person(Role.SITE_ADMIN, "weibin"),
        "other_site_admin": make_person(Role.SITE_ADMIN, "hebjgbz"),
    }


def submit_sensitive_item(client, emergency, editor):
    """The 信息员 drafts through the editor, is told to confirm the warning, confirms it and submits."""
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=("content", "articlepage", emergency.pk))
    client.post(add, article_form("区应急管理局处置突发事件", SENSITIVE_BODY, "incident", "action-draft", work_ended_on="2026-11-19"))
    item = ArticlePage.objects.get(slug="incident")
    edit = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    shown = client.get(edit).content.decode()
    assert "<mark>群体性事件</mark>" in shown  # the finding inline, in its context
    fingerprint = missing_acknowledgements(item, editor)[0].fingerprint
    assert f'value="{fingerprint}"' in shown

    refused = client.post(edit, article_form("区应急管理局处置突发事件", SENSITIVE_BODY, "incident", "action-submit", work_ended_on="2026-11-19"))
    assert refused.status_code == 200 and "提交前须逐条确认以下提醒" in refused.content.decode()
    assert not WorkflowState.objects.filter(object_id=str(item.pk)).exists()  # nothing submitted
    assert not WarningAcknowledgement.objects.filter(page=item).exists()

    done = client.post(edit, article_form(
        "区应急管理局处置突发事件", SENSITIVE_BODY, "incident", "action-submit", acknowledged=[fingerprint], work_ended_on="2026-11-19",
        ), REMOTE_ADDR="10.1.2.3")
    assert done.status_code == 302, done.content.decode()[:2000]
    return ArticlePage.objects.get(pk=item.pk)


@time_machine.travel(NOON, tick=False)
def test_submit_confirm_approve_publish_and_the_approval_form(client, emergency, people):
    item = submit_sensitive_item(client, emergency, people["editor"])
    ack = WarningAcknowledgement.objects.get(page=item)
    assert (ack.user, ack.user_name, ack.category, ack.match) == (people["editor"], "李信息员", "sensitive", "群体性事件")
    assert missing_acknowledgements(item, people["editor"]) == []
    state = WorkflowState.objects.get(object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and not item.live

    # A 处室负责人 approves the step with an opinion; the chain's last approval publishes.
    client.force_login(people["head"])
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", state.current_task_state.pk))
    client.post(url, {"comment": "同意发布"}, REMOTE_ADDR="10.9.8.7")
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.live

    submitted = ItemAction.objects.get(page=item, action="wagtail.workflow.start")
    assert (submitted.user_name, submitted.department_name, submitted.ip_address) == ("李信息员", "宝鸡市渭滨区应急管理局", "10.1.2.3")
    assert "信息员" in submitted.roles
    approved = ItemAction.objects.get(page=item, action="wagtail.workflow.approve")
    assert (approved.user_name, approved.reason, approved.ip_address) == ("张处长", "同意发布", "10.9.8.7")
    assert "处室负责人" in approved.roles

    # The 审批表: every field of 002 附件3, as admin page, print, PDF and xlsx.
    client.force_login(people["site_admin"])
    detail = client.get(reverse("review_approval", args=(state.pk,))).content.decode()
    for text in ("宝鸡市渭滨区应急管理局", "李信息员", "区应急管理局处置突发事件", "应急管理", "渭滨区应急管理局", "处长审核意见", "同意发布", "张处长", "2026年11月20日"):
        assert text in detail, text
    printable = client.get(reverse("review_approval_print", args=(state.pk,))).content.decode()
    assert "window.print()" in printable and "同意发布" in printable
    pdf = client.get(reverse("review_approval_pdf", args=(state.pk,)))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("上网信息发布审批表", "区应急管理局处置突发事件", "处长审核意见", "同意发布", "张处长", "李信息员"):
        assert expected in text, (expected, text)

    listing = client.get(reverse("review_approvals"), {"site": "weibin", "month": "2026-11", "department": submitted.department_id})
    assert "区应急管理局处置突发事件" in listing.content.decode()
    other_month = client.get(reverse("review_approvals"), {"site": "weibin", "month": "2026-10"})
    assert "区应急管理局处置突发事件" not in other_month.content.decode()
    sheet = client.get(reverse("review_approvals"), {"site": "weibin", "month": "2026-11", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("处室", "信息管理员", "信息名称", "拟发栏目", "信息来源")
    row = next(r for r in rows if r[2] == "区应急管理局处置突发事件")
    assert row[0] == "宝鸡市渭滨区应急管理局" and row[6] == "同意发布" and row[7] == "张处长"

    # The public page: 发布机构 and 来源, the site's body style.
    public = client.get(item.url, HTTP_HOST="weibin.localhost").content.decode()
    assert "发布机构：宝鸡市渭滨区应急管理局" in public and "来源：渭滨区应急管理局" in public
    assert "line-height:18pt" in public


@time_machine.travel(NOON, tick=False)
def test_the_approval_form_is_not_shown_to_another_site(client, emergency, people):
    item = submit_sensitive_item(client, emergency, people["editor"])
    state = WorkflowState.objects.get(object_id=str(item.pk))
    client.force_login(people["other_site_admin"])
    for name in ("review_approval", "review_approval_print", "review_approval_pdf"):
        assert client.get(reverse(name, args=(state.pk,))).status_code == 404
    listing = client.get(reverse("review_approvals"), {"site": "weibin"})
    assert listing.status_code == 404
    own = client.get(reverse("review_approvals")).content.decode()
    assert reverse("review_approval", args=(state.pk,)) not in own and "没有符合条件的审批表" in own


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("restart", ["action-submit", "action-restart-workflow"])  # resubmit to the step / restart the chain
def test_rejection_with_opinion_and_resubmission_are_steps_of_the_form(client, emergency, people, restart):
    item = submit_sensitive_item(client, emergency, people["editor"])
    state = WorkflowState.objects.get(object_id=str(item.pk))
    client.force_login(people["head"])
    reject = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "reject", state.current_task_state.pk))
    client.post(reject, {"comment": "请补充处置结果"})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES and not ArticlePage.objects.get(pk=item.pk).live
    assert ItemAction.objects.get(page=item, action="wagtail.workflow.reject").reason == "请补充处置结果"

    client.force_login(people["editor"])
    edit = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    body = SENSITIVE_BODY + "<p>处置结果：已恢复正常秩序。</p>"
    # The warning was confirmed before; the confirmation still stands after an edit elsewhere in the text.
    response = client.post(edit, article_form("区应急管理局处置突发事件", body, "incident", restart, work_ended_on="2026-11-19"))
    assert response.status_code == 302, response.content.decode()[:1500]
    client.force_login(people["head"])
    state = WorkflowState.objects.filter(object_id=str(item.pk)).order_by("-pk").first()
    approve = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", state.current_task_state.pk))
    client.post(approve, {"comment": "同意"})
    assert ArticlePage.objects.get(pk=item.pk).live

    client.force_login(people["site_admin"])
    page = client.get(reverse("review_approval", args=(state.pk,))).content.decode()
    assert "退回修改" in page and "请补充处置结果" in page and "同意" in page and "审核通过" in page


def test_a_late_publication_warns_at_submit_and_is_counted(client, emergency, people, profiles):
    from review.approval_timeliness import late_publication_count
    from review.models import SitePublishingRules

    site = profiles["weibin"].site
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):  # work ended 11-19; deadline 11-22 (第3天)
        item = submit_sensitive_item_late(client, emergency, people["editor"])
        assert any(w.category == "timeliness" for w in WarningAcknowledgement.objects.filter(page=item))
        state = WorkflowState.objects.get(object_id=str(item.pk))
        client.force_login(people["head"])
        client.post(reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", state.current_task_state.pk)), {"comment": ""})
    assert ArticlePage.objects.get(pk=item.pk).live
    assert late_publication_count(site, since=date(2026, 11, 1), until=date(2026, 11, 30)) == 1
    assert late_publication_count(site, since=date(2026, 12, 1)) == 0
    SitePublishingRules.objects.create(site=site, publish_within_days=7)  # the site allows a week: in time
    assert late_publication_count(site, since=date(2026, 11, 1)) == 0


def submit_sensitive_item_late(client, emergency, editor):
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=("content", "articlepage", emergency.pk))
    client.post(add, article_form("防汛物资清点完成", "<p>防汛物资清点完成。</p>", "late", "action-draft", work_ended_on="2026-11-19"))
    item = ArticlePage.objects.get(slug="late")
    edit = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    missing = missing_acknowledgements(item, editor)
    assert [w.category for w in missing] == ["timeliness"] and "现已超过3天" in missing[0].message
    refused = client.post(edit, article_form("防汛物资清点完成", "<p>防汛物资清点完成。</p>", "late", "action-submit", work_ended_on="2026-11-19"))
    assert "发布时效" in refused.content.decode()
    client.post(edit, article_form(
        "防汛物资清点完成", "<p>防汛物资清点完成。</p>", "late", "action-submit", work_ended_on="2026-11-19",
        acknowledged=[missing[0].fingerprint],
    ))
    return ArticlePage.objects.get(pk=item.pk)
