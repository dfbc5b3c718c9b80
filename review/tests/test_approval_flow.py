"""The flow through Wagtail's editor (issue 8 parts 4, 6, 7, 8): the 信息员 confirms each warning and submits,
the 处室负责人 approves in the attached workflow, the item goes online; the 审批表 (002 附件3) shows every step, as
admin page, printable HTML, PDF and xlsx, only to people of that site."""

import io
from datetime import date

import pytest
import time_machine
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
from review.tests.chain_helpers import approver_for, current_task

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
    """weibin's chains (seeds/weibin.yaml review_chains, 004 第十四条): 一般 → 分管领导; 敏感 → 单位主要领导, then a
    处室负责人 of the 主办单位 区政府办. Each approver of 区应急管理局's items, named as the 审批表 shows them."""
    return {
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局", full_name="李信息员"),
        "head": make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局", full_name="刘科长"),
        "leader": make_person(Role.LEADER_IN_CHARGE, "weibin", "区应急管理局", full_name="赵分管"),
        "principal": make_person(Role.PRINCIPAL, "weibin", "区应急管理局", full_name="王局长"),
        "owner_head": make_person(Role.DIVISION_HEAD, "weibin", "区政府办", full_name="张处长"),
        "site_admin": make_person(Role.SITE_ADMIN, "weibin"),
        "other_site_admin": make_person(Role.SITE_ADMIN, "hebjgbz"),
    }


def sign(client, item, people, opinion, action="approve", **extra):
    """The right approver of the item's current chain step approves (or rejects) it in Wagtail's workflow action
    URL; returns who signed and which step it was."""
    task_state, task = current_task(item)
    assert task is not None, "no step awaits a signature"
    signer = approver_for(task, people)
    client.force_login(signer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, action, task_state.pk))
    response = client.post(url, {"comment": opinion}, **extra)
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    assert task_state.finished_by == signer, (task.name, signer)
    return signer, task


def sign_every_step(client, item, people, opinion):
    for _ in range(5):
        if current_task(item)[1] is None:
            return
        sign(client, item, people, opinion)
    raise AssertionError("the chain did not finish")


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

    # The 敏感 chain: the 单位主要领导 signs first (not yet online), then the 区政府办's 处室负责人; the last publishes.
    signer, task = sign(client, item, people, "同意，报区政府办审查", REMOTE_ADDR="10.9.8.6")
    assert (signer, task.name) == (people["principal"], "单位主要领导审核签字")
    assert not ArticlePage.objects.get(pk=item.pk).live
    signer, task = sign(client, item, people, "同意发布", REMOTE_ADDR="10.9.8.7")
    assert (signer, task.name) == (people["owner_head"], "区政府办公室审查同意")
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.live

    submitted = ItemAction.objects.get(page=item, action="wagtail.workflow.start")
    assert (submitted.user_name, submitted.department_name, submitted.ip_address) == ("李信息员", "宝鸡市渭滨区应急管理局", "10.1.2.3")
    assert "信息员" in submitted.roles
    first, last = ItemAction.objects.filter(page=item, action="wagtail.workflow.approve").order_by("at", "pk")
    assert (first.user_name, first.reason, first.ip_address) == ("王局长", "同意，报区政府办审查", "10.9.8.6")
    assert "主要负责人" in first.roles and first.department_name == "宝鸡市渭滨区应急管理局"
    assert (last.user_name, last.reason, last.ip_address) == ("张处长", "同意发布", "10.9.8.7")
    assert "处室负责人" in last.roles

    # The 审批表: every field of 002 附件3, as admin page, print, PDF and xlsx.
    client.force_login(people["site_admin"])
    detail = client.get(reverse("review_approval", args=(state.pk,))).content.decode()
    for text in ("宝鸡市渭滨区应急管理局", "李信息员", "区应急管理局处置突发事件", "应急管理", "渭滨区应急管理局", "处长审核意见", "同意发布", "张处长", "2026年11月20日",
                 "主任批示", "同意，报区政府办审查", "王局长", "单位主要领导审核签字", "区政府办公室审查同意"):
        assert text in detail, text
    # Each 002 附件3 box takes the step signed at its rank: 处长 ← the 区政府办 处室负责人, 主任 ← the 主要负责人.
    from review.approval import approval_form

    boxes = approval_form(state).boxes
    assert (boxes["division"].reviewer, boxes["division"].opinion) == ("张处长", "同意发布")
    assert (boxes["director"].reviewer, boxes["director"].opinion) == ("王局长", "同意，报区政府办审查")
    assert "deputy" not in boxes  # no 分管领导 step on this chain
    printable = client.get(reverse("review_approval_print", args=(state.pk,))).content.decode()
    assert "window.print()" in printable and "同意发布" in printable
    pdf = client.get(reverse("review_approval_pdf", args=(state.pk,)))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("上网信息发布审批表", "区应急管理局处置突发事件", "处长审核意见", "同意发布", "张处长", "李信息员", "主任批示", "王局长"):
        assert expected in text, (expected, text)
    flat = "".join(text.split())  # the steps table wraps long labels inside its narrow cells
    for step_label in ("单位主要领导审核签字", "区政府办公室审查同意"):
        assert step_label in flat, (step_label, text)

    listing = client.get(reverse("review_approvals"), {"site": "weibin", "month": "2026-11", "department": submitted.department_id})
    assert "区应急管理局处置突发事件" in listing.content.decode()
    other_month = client.get(reverse("review_approvals"), {"site": "weibin", "month": "2026-10"})
    assert "区应急管理局处置突发事件" not in other_month.content.decode()
    sheet = client.get(reverse("review_approvals"), {"site": "weibin", "month": "2026-11", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("处室", "信息管理员", "信息名称", "拟发栏目", "信息来源")
    row = next(r for r in rows if r[2] == "区应急管理局处置突发事件")
    assert row[0] == "宝鸡市渭滨区应急管理局" and row[6] == "同意发布" and row[7] == "张处长"
    assert not row[9] and (row[12], row[13]) == ("同意，报区政府办审查", "王局长")  # 副主任 empty, 主任 filled
    assert "单位主要领导审核签字" in row[15] and "区政府办公室审查同意" in row[15]

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
    signer, _task = sign(client, item, people, "请补充处置结果", action="reject")
    assert signer == people["principal"]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES and not ArticlePage.objects.get(pk=item.pk).live
    assert ItemAction.objects.get(page=item, action="wagtail.workflow.reject").reason == "请补充处置结果"

    client.force_login(people["editor"])
    edit = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    body = SENSITIVE_BODY + "<p>处置结果：已恢复正常秩序。</p>"
    # The warning was confirmed before; the confirmation still stands after an edit elsewhere in the text.
    response = client.post(edit, article_form("区应急管理局处置突发事件", body, "incident", restart, work_ended_on="2026-11-19"))
    assert response.status_code == 302, response.content.decode()[:1500]
    state = WorkflowState.objects.filter(object_id=str(item.pk)).order_by("-pk").first()
    sign_every_step(client, item, people, "同意")
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
        signer, _task = sign(client, item, people, "")  # a clean text: the 一般 chain, its 分管领导
        assert signer == people["leader"] and current_task(item) == (None, None)
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
