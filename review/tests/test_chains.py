"""Each seed site's review chains end to end (issue 8 parts 1–4): every tier's chain signed step by step by the
people the seed names, a rejection and resubmission, a tier raised mid-way, a block finding refusing."""

import pytest
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from content.models import ArticlePage
from review.chains import chain_for, chain_tasks
from review.acknowledgements import missing_acknowledgements
from review.models import SiteLexicon
from review.tiers import TIER_RAISED, change_tier

from .chain_helpers import SITE_CASES, act, approver_for, column_of, current_task, draft, messages_of, people_of, submit

pytestmark = pytest.mark.django_db

TIERS = ["general", "sensitive", "major", "special"]


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("code", list(SITE_CASES))
def test_each_tier_goes_online_only_after_its_whole_chain(code, tier, client, profiles, make_person):
    people = people_of(make_person, profiles, code)
    column = column_of(profiles, code)
    item = draft(column, people["editor"], tier=tier)
    expected = [t.name for t in chain_tasks(chain_for(profiles[code].site, tier, column).workflow)]
    assert submit(client, item, people["editor"]).status_code == 302
    signed = []
    while True:
        _state, task = current_task(item)
        if task is None:
            break
        # Neither the 信息员 nor another 处's 负责人 may sign any step (Wagtail's own action check refuses).
        pending = _state.pk
        for wrong in ("editor", "other_head"):
            act(client, item, people[wrong])
            assert TaskState.objects.get(pk=pending).status == TaskState.STATUS_IN_PROGRESS
        assert not ArticlePage.objects.get(pk=item.pk).live
        assert act(client, item, approver_for(task, people)).status_code == 302
        assert TaskState.objects.get(pk=pending).status == TaskState.STATUS_APPROVED, task.name
        signed.append(task.name)
    assert signed == expected and len(signed) >= 1
    assert ArticlePage.objects.get(pk=item.pk).live
    approvals = TaskState.objects.filter(workflow_state__object_id=str(item.pk), status=TaskState.STATUS_APPROVED)
    assert [ts.task.name for ts in approvals.order_by("started_at", "pk")] == expected


@pytest.mark.parametrize("code", list(SITE_CASES))
def test_rejection_and_resubmission(code, client, profiles, make_person):
    people = people_of(make_person, profiles, code)
    item = draft(column_of(profiles, code), people["editor"], tier="sensitive")
    submit(client, item, people["editor"])
    _state, first = current_task(item)
    assert act(client, item, approver_for(first, people), action="reject", comment="数字有误，请核实").status_code == 302
    state = WorkflowState.objects.for_instance(item).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES and not ArticlePage.objects.get(pk=item.pk).live
    # The 信息员 corrects the text and submits again; the chain starts over from the step that asked for changes.
    response = submit(client, item, people["editor"], body="<p>近日，本单位组织开展安全生产检查，共检查企业13家。</p>")
    assert response.status_code == 302
    while (task := current_task(item)[1]) is not None:
        pending = current_task(item)[0].pk
        act(client, item, approver_for(task, people))
        assert TaskState.objects.get(pk=pending).status == TaskState.STATUS_APPROVED, task.name
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.live and "13家" in item.body


@pytest.mark.parametrize("code", list(SITE_CASES))
def test_tier_raised_midway_keeps_the_approvals_the_new_chain_also_needs(code, client, profiles, make_person):
    people = people_of(make_person, profiles, code)
    column = column_of(profiles, code)
    item = draft(column, people["editor"], tier="general")
    submit(client, item, people["editor"])
    _state, first = current_task(item)
    signer = approver_for(first, people)
    general = chain_tasks(chain_for(profiles[code].site, "general", column).workflow)
    if len(general) > 1:
        act(client, item, signer)
    else:
        # The reviewer of the only step decides the item is 敏感 instead of signing it.
        pass
    change_tier(ArticlePage.objects.get(pk=item.pk), "sensitive", signer)
    item = ArticlePage.objects.get(pk=item.pk)
    print("LOGS", list(PageLogEntry.objects.filter(page=item).values_list("action", flat=True)), WorkflowState.objects.for_instance(item).values_list("workflow__name", flat=True))
    assert item.review_tier == "sensitive" and not item.live
    assert PageLogEntry.objects.filter(page=item, action=TIER_RAISED, user=signer).exists()
    sensitive = chain_tasks(chain_for(profiles[code].site, "sensitive", column).workflow)
    state = WorkflowState.objects.for_instance(item).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow == chain_for(profiles[code].site, "sensitive", column).workflow
    kept = TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED).count()
    given = 1 if len(general) > 1 else 0
    assert kept == len([t for t in sensitive[:given] if t.step_key() in {g.step_key() for g in general[:given]}])
    while (task := current_task(item)[1]) is not None:
        pending = current_task(item)[0].pk
        act(client, item, approver_for(task, people))
        assert TaskState.objects.get(pk=pending).status == TaskState.STATUS_APPROVED, task.name
    assert ArticlePage.objects.get(pk=item.pk).live


def test_a_signed_step_is_kept_when_the_tier_rises(client, profiles, make_person):
    # 003: 负责人审批 given for 一般; raised to 敏感, the chain is 负责人审批 → 分管领导审批 and only the leader remains.
    people = people_of(make_person, profiles, "sxit")
    item = draft(column_of(profiles, "sxit"), people["editor"], tier="general")
    submit(client, item, people["editor"])
    state = WorkflowState.objects.for_instance(item).get()
    # The 负责人 approves 一般 — which would publish — so the 分管领导 raises first while the step is pending; then
    # a second item proves a given approval survives: raise after the first of two 敏感 steps to 重大.
    item2 = draft(column_of(profiles, "sxit"), people["editor"], tier="sensitive", title="另一条信息")
    submit(client, item2, people["editor"])
    act(client, item2, people["head"], comment="同意")
    change_tier(ArticlePage.objects.get(pk=item2.pk), "major", people["leader"])
    _ts, task = current_task(item2)
    assert task.name == "分管领导审批"  # 负责人审批 kept
    carried = TaskState.objects.filter(
        workflow_state__object_id=str(item2.pk), workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        status=TaskState.STATUS_APPROVED,
    ).get()
    assert carried.finished_by == people["head"] and "同意" in carried.get_comment()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_sensitive_term_raises_the_tier_to_sensitive(client, profiles, make_person):
    people = people_of(make_person, profiles, "weibin")
    SiteLexicon.objects.update_or_create(site=profiles["weibin"].site, defaults={"sensitive_terms": "征地拆迁补偿"})
    from review import checks

    checks.reset_caches()
    item = draft(column_of(profiles, "weibin"), people["editor"], body="<p>关于征地拆迁补偿标准的说明。</p>", tier="general")
    # The finding is a warning the 信息员 must confirm before submitting (issue 8 part 4).
    warnings = missing_acknowledgements(item, people["editor"])
    assert [w.category for w in warnings] == ["sensitive"]
    refused = submit(client, item, people["editor"])
    assert refused.status_code == 200 and "提交前须逐条确认以下提醒" in refused.content.decode()
    assert not WorkflowState.objects.for_instance(item).exists()
    response = submit(client, item, people["editor"], acknowledged=[w.fingerprint for w in warnings])
    assert response.status_code == 302
    item = ArticlePage.objects.get(pk=item.pk)
    # The raised tier is stored on the item and its revision, and logged in the page history as the submitter's.
    assert item.review_tier == "sensitive"
    assert item.get_latest_revision().content["review_tier"] == "sensitive"
    raised = PageLogEntry.objects.get(page=item, action=TIER_RAISED)
    assert raised.user == people["editor"] and (raised.data["from"], raised.data["to"]) == ("general", "sensitive")
    # The 敏感 chain applies (单位主要领导审核签字 → 区政府办公室审查同意), though the drafter chose 一般.
    state = WorkflowState.objects.for_instance(item).get()
    assert state.workflow == chain_for(profiles["weibin"].site, "sensitive", column_of(profiles, "weibin")).workflow
    # Publishing outside the chain cites the raised tier.
    from content.publishing import PublicationRefused

    state.cancel(user=people["site_admin"])
    with pytest.raises(PublicationRefused) as refused:
        ArticlePage.objects.get(pk=item.pk).get_latest_revision().publish(user=people["leader"])
    assert "“敏感”" in str(refused.value)


@pytest.mark.parametrize("code", list(SITE_CASES))
def test_a_block_finding_refuses_submission_and_nothing_is_stored(code, client, profiles, make_person):
    people = people_of(make_person, profiles, code)
    item = draft(column_of(profiles, code), people["editor"])
    response = submit(client, item, people["editor"], body="<p>机密★10年</p><p>预案全文。</p>")
    assert response.status_code == 200 and "密级" in response.content.decode()
    assert not WorkflowState.objects.for_instance(item).exists()
    assert "机密" not in ArticlePage.objects.get(pk=item.pk).get_latest_revision().content["body"]


def test_lowering_a_tier_needs_the_site_admin_and_is_logged(client, profiles, make_person):
    people = people_of(make_person, profiles, "weibin")
    item = draft(column_of(profiles, "weibin"), people["editor"], tier="major")
    submit(client, item, people["editor"])
    from review.tiers import TIER_LOWERED, TierChangeRefused

    for who in ("editor", "leader", "principal"):
        with pytest.raises(TierChangeRefused):
            change_tier(ArticlePage.objects.get(pk=item.pk), "general", people[who], reason="误选")
    assert ArticlePage.objects.get(pk=item.pk).review_tier == "major"
    with pytest.raises(TierChangeRefused):
        change_tier(ArticlePage.objects.get(pk=item.pk), "general", people["site_admin"])  # a reason is required
    change_tier(ArticlePage.objects.get(pk=item.pk), "general", people["site_admin"], reason="属一般工作动态")
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.review_tier == "general"
    entry = PageLogEntry.objects.get(page=item, action=TIER_LOWERED)
    assert entry.user == people["site_admin"] and entry.data["reason"] == "属一般工作动态"
    _ts, task = current_task(item)
    assert task.name == "分管领导审核"


def test_the_tier_view_refuses_a_drafter_lowering_with_a_chinese_message(client, profiles, make_person):
    from django.urls import reverse

    people = people_of(make_person, profiles, "weibin")
    item = draft(column_of(profiles, "weibin"), people["editor"], tier="major")
    submit(client, item, people["editor"])
    client.force_login(people["editor"])
    response = client.post(reverse("review_change_tier", args=(item.pk,)), {"tier": "general", "reason": "x"}, follow=True)
    assert any("网站管理员" in m for m in messages_of(response))
    assert ArticlePage.objects.get(pk=item.pk).review_tier == "major"
