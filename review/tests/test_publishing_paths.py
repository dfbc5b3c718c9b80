"""Every path that puts an item online runs the pre-publish checks and respects the review chain
(DESIGN §2: one function of review; issue 7 part 2): the editor, bulk publish, scheduled publishing,
revert-and-publish, workflow approval, commands and aliases."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from columns.models import ColumnPage
from content.models import ArticlePage
from content.publishing import REFUSED_ACTION, PublicationRefused
from content.services import share_to
from orgs.models import Role
from review.models import SiteLexicon

pytestmark = pytest.mark.django_db

SECRET = "<p>机密★10年</p><p>防汛应急预案全文。</p>"
CLEAN = "<p>近日，区应急管理局组织开展防汛应急演练。</p>"


@pytest.fixture
def emergency(profiles):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")


@pytest.fixture
def people(make_person):
    return {
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局"),
        "head": make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局"),
        "other_head": make_person(Role.DIVISION_HEAD, "weibin", "区发改局"),
        "leader": make_person(Role.LEADER_IN_CHARGE, "weibin"),
        "site_admin": make_person(Role.SITE_ADMIN, "weibin"),
        "platform": make_person(Role.PLATFORM_ADMIN),
    }


def draft(column, owner, body, title="防汛应急预案"):
    item = column.add_child(instance=ArticlePage(title=title, slug=f"d{ArticlePage.objects.count()}", body=body, owner=owner, live=False))
    item.save_revision(user=owner)
    return ArticlePage.objects.get(pk=item.pk)


def through_chain(item, submitter, signer):
    """Submit to the item's own chain and have `signer` sign every step (weibin 一般: 分管领导审核)."""
    state = ArticlePage.objects.get(pk=item.pk).get_workflow().start(ArticlePage.objects.get(pk=item.pk), submitter)
    while state.status == WorkflowState.STATUS_IN_PROGRESS:
        state.current_task_state.specific.approve(user=signer)
        state.refresh_from_db()
    return state


def bulk_url(action, *pages):
    ids = "&".join(f"id={p.pk}" for p in pages)
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", action)) + f"?{ids}&next=/admin/"


def messages_of(client, response):
    return [str(m) for m in response.wsgi_request._messages] if hasattr(response.wsgi_request, "_messages") else []


def test_bulk_publish_refuses_a_secret_marked_draft_with_the_reason(client, emergency, people):
    # Reproduction 6: bulk publish put a draft containing 机密★10年 online.
    item = draft(emergency, people["editor"], SECRET)
    client.force_login(people["head"])
    response = client.post(bulk_url("publish", item), {"include_descendants": ""}, follow=True)
    assert not ArticlePage.objects.get(pk=item.pk).live
    # Its chain never ran, so bulk publish leaves it out before the checks: 0 pages published.
    assert any("已发布 0 个页面" in m for m in messages_of(client, response)), messages_of(client, response)
    assert not PageLogEntry.objects.filter(page=item, action="wagtail.publish").exists()


@pytest.mark.parametrize("who", ["head", "leader", "platform"])
def test_bulk_publish_of_a_clean_draft_whose_chain_is_incomplete_is_refused(who, client, emergency, people):
    # 002 第五条 未经审核的信息不得上网: not even the reviewer of its only step publishes it outside the chain.
    item = draft(emergency, people["editor"], CLEAN)
    client.force_login(people[who])
    response = client.post(bulk_url("publish", item), {"include_descendants": ""}, follow=True)
    assert not ArticlePage.objects.get(pk=item.pk).live
    assert not PageLogEntry.objects.filter(page=item, action="wagtail.publish").exists()


def test_bulk_publish_never_skips_a_review_in_progress(client, emergency, people):
    # Reproduction 6: bulk publish cancelled the item's workflow silently.
    item = draft(emergency, people["editor"], CLEAN)
    item.get_workflow().start(item, people["editor"])
    client.force_login(people["leader"])
    client.post(bulk_url("publish", item), {"include_descendants": ""})
    item = ArticlePage.objects.get(pk=item.pk)
    assert not item.live and item.workflow_in_progress
    assert not WorkflowState.objects.filter(status=WorkflowState.STATUS_CANCELLED).exists()


@pytest.mark.parametrize("who", ["site_admin", "other_head", "editor"])
def test_people_who_cannot_sign_the_item_off_cannot_publish_it_directly(who, client, emergency, people):
    # 002 第五条: 未经审核的信息不得上网. The 网站管理员, another 处室's head and the 信息员 submit for review instead.
    item = draft(emergency, people["editor"], CLEAN)
    client.force_login(people[who])
    client.post(bulk_url("publish", item), {"include_descendants": ""})
    assert not ArticlePage.objects.get(pk=item.pk).live
    with pytest.raises(PublicationRefused):
        item.get_latest_revision().publish(user=people[who])
    assert not ArticlePage.objects.get(pk=item.pk).live


def test_nobody_signs_off_their_own_item(emergency, people, make_person):
    # 000 第七条 谁公开谁负责: a 分管领导 who drafts an item cannot sign its 分管领导审核 step; another one can.
    item = draft(emergency, people["leader"], CLEAN)
    state = item.get_workflow().start(item, people["leader"])
    task = state.current_task_state.task.specific
    assert task.get_actions(item, people["leader"]) == []
    other_leader = make_person(Role.LEADER_IN_CHARGE, "weibin")
    assert [name for name, *_ in task.get_actions(item, other_leader)] == ["reject", "approve", "approve"]
    with pytest.raises(PublicationRefused):
        item.get_latest_revision().publish(user=people["leader"])
    assert not ArticlePage.objects.get(pk=item.pk).live


def test_revert_and_publish_of_an_old_secret_revision_is_refused(emergency, people):
    item = draft(emergency, people["editor"], SECRET)
    old = item.get_latest_revision()
    item.body = CLEAN
    item.save_revision(user=people["editor"])
    through_chain(item, people["editor"], people["leader"])
    assert ArticlePage.objects.get(pk=item.pk).live
    with pytest.raises(PublicationRefused):
        old.publish(user=people["leader"], previous_revision=old)
    assert "防汛应急演练" in ArticlePage.objects.get(pk=item.pk).body


def test_revert_to_an_earlier_clean_revision_needs_the_chain_again(emergency, people):
    # The earlier text was never approved as it stands: reverting to it and publishing is a direct publication.
    item = draft(emergency, people["editor"], "<p>近日，区应急管理局组织开展防汛演练。</p>")
    old = item.get_latest_revision()
    item.body = CLEAN
    item.save_revision(user=people["editor"])
    through_chain(item, people["editor"], people["leader"])
    with pytest.raises(PublicationRefused) as refused:
        old.publish(user=people["leader"], previous_revision=old)
    assert "重新提交审核" in str(refused.value)
    assert "防汛应急演练" in ArticlePage.objects.get(pk=item.pk).body


def test_scheduled_publishing_rechecks_and_skips_a_refused_item(emergency, people, profiles):
    clean = draft(emergency, people["editor"], CLEAN, title="防汛演练通知")
    blocked = draft(emergency, people["editor"], "<p>关于渭滨区禁词甲乙丙的说明</p>", title="说明")
    soon = timezone.now() + timedelta(hours=1)
    for item in (clean, blocked):
        item.go_live_at = soon
        item.save_revision(user=people["editor"])
        through_chain(item, people["editor"], people["leader"])  # the last approval schedules it
    assert not ArticlePage.objects.filter(pk__in=[clean.pk, blocked.pk], live=True).exists()

    # After scheduling, the site's lexicon gains a prohibited term that the second item contains.
    SiteLexicon.objects.update_or_create(site=profiles["weibin"].site, defaults={"prohibited_terms": "禁词甲乙丙"})
    from review import checks

    checks.reset_caches()
    from wagtail.models import Revision

    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.objects.filter(object_id__in=[str(clean.pk), str(blocked.pk)]).exclude(approved_go_live_at=None):
        revision.content["go_live_at"] = past.isoformat()  # the hour has come
        revision.approved_go_live_at = past
        revision.save()
    with pytest.raises(CommandError):
        call_command("publish_scheduled")
    assert ArticlePage.objects.get(pk=clean.pk).live
    assert not ArticlePage.objects.get(pk=blocked.pk).live
    refusal = PageLogEntry.objects.get(page_id=blocked.pk, action=REFUSED_ACTION)
    assert "禁词甲乙丙" in " ".join(refusal.data["reasons"])
    assert ArticlePage.objects.get(pk=blocked.pk).scheduled_revision is None  # not retried every run
    call_command("publish_scheduled")  # a second run has nothing left to refuse


def test_workflow_approval_publishes_and_rechecks(client, emergency, people, profiles):
    item = draft(emergency, people["editor"], CLEAN)
    state = item.get_workflow().start(item, people["editor"])
    client.force_login(people["leader"])  # weibin 一般: 分管领导审核 (004 第十四条)
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", state.current_task_state.pk))
    client.post(url, {"comment": ""})
    assert ArticlePage.objects.get(pk=item.pk).live

    refused = draft(emergency, people["editor"], SECRET, title="另一份预案")
    state = refused.get_workflow().start(refused, people["editor"])
    url = reverse("wagtailadmin_pages:workflow_action", args=(refused.pk, "approve", state.current_task_state.pk))
    response = client.post(url, {"comment": ""}, follow=True)
    refused = ArticlePage.objects.get(pk=refused.pk)
    assert not refused.live and refused.workflow_in_progress  # the approval rolled back whole
    assert any("密级" in m for m in messages_of(client, response))


def test_sharing_to_another_site_runs_that_sites_checks(emergency, people, profiles):
    item = draft(emergency, people["editor"], "<p>关于某某事项的说明</p>", title="事项说明")
    through_chain(item, people["editor"], people["leader"])
    target = ColumnPage.objects.descendant_of(profiles["baoji"].site.root_page).filter(depth__gt=3).first()
    SiteLexicon.objects.update_or_create(site=profiles["baoji"].site, defaults={"prohibited_terms": "某某事项"})
    from review import checks

    checks.reset_caches()
    with pytest.raises(PublicationRefused):
        share_to(ArticlePage.objects.get(pk=item.pk), target)
    assert not ArticlePage.objects.child_of(target).filter(alias_of=item).exists()


def test_an_alias_made_in_the_admin_runs_the_target_sites_checks(client, emergency, people, make_person, profiles):
    item = draft(emergency, people["editor"], "<p>关于某某事项的说明</p>", title="事项说明")
    through_chain(item, people["editor"], people["leader"])
    SiteLexicon.objects.update_or_create(site=profiles["weibin"].site, defaults={"prohibited_terms": "某某事项"})
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    before = ArticlePage.objects.count()
    response = client.post(reverse("wagtailadmin_pages:copy", args=(item.pk,)), {
        "new_title": "事项说明", "new_slug": "alias-copy", "new_parent_page": emergency.pk, "alias": "on",
    }, follow=True)
    assert ArticlePage.objects.count() == before
    assert any("某某事项" in m for m in messages_of(client, response))


def test_scheduled_publishing_refuses_an_item_whose_chain_never_ran(emergency, people):
    # A revision marked for a later go-live by any other path (a script, an old import) still needs its chain.
    item = draft(emergency, people["editor"], CLEAN, title="未经审核的定时信息")
    revision = item.get_latest_revision()
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    with pytest.raises(CommandError):
        call_command("publish_scheduled")
    assert not ArticlePage.objects.get(pk=item.pk).live
    refusal = PageLogEntry.objects.get(page_id=item.pk, action=REFUSED_ACTION)
    assert "须经审核" in " ".join(refusal.data["reasons"])


def test_a_command_publishing_without_a_person_is_refused_until_the_chain_is_complete(emergency, people):
    # Management commands and scripts reach ItemPage.publish with no user: the chain applies to them too.
    item = draft(emergency, people["editor"], CLEAN, title="脚本发布")
    with pytest.raises(PublicationRefused):
        item.get_latest_revision().publish()
    assert not ArticlePage.objects.get(pk=item.pk).live
    through_chain(item, people["editor"], people["leader"])
    assert ArticlePage.objects.get(pk=item.pk).live
    ArticlePage.objects.get(pk=item.pk).get_latest_revision().publish()  # the approved text again, by a script: allowed
    assert PageLogEntry.objects.filter(page_id=item.pk, action="wagtail.publish").count() == 2


def test_editing_after_approval_needs_the_chain_again(emergency, people):
    item = draft(emergency, people["editor"], CLEAN, title="审后修改")
    through_chain(item, people["editor"], people["leader"])
    item = ArticlePage.objects.get(pk=item.pk)
    item.body = "<p>近日，区应急管理局组织开展防汛应急演练，参演人员200人。</p>"
    revision = item.save_revision(user=people["editor"])
    with pytest.raises(PublicationRefused) as refused:
        revision.publish(user=people["leader"])
    assert "审核通过后又有修改" in str(refused.value)
    assert "200人" not in ArticlePage.objects.get(pk=item.pk).body  # the approved version stays online
