"""Every path that puts an item online runs the pre-publish checks and respects the review chain
(DESIGN §2: one function of review; issue 7 part 2): the editor, bulk publish, scheduled publishing,
revert-and-publish, workflow approval, commands and aliases."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowState

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
    assert any("密级" in m for m in messages_of(client, response)), messages_of(client, response)
    assert not PageLogEntry.objects.filter(page=item, action="wagtail.publish").exists()


def test_bulk_publish_of_a_clean_draft_by_its_reviewer_goes_online(client, emergency, people):
    item = draft(emergency, people["editor"], CLEAN)
    client.force_login(people["head"])
    client.post(bulk_url("publish", item), {"include_descendants": ""})
    assert ArticlePage.objects.get(pk=item.pk).live


def test_bulk_publish_never_skips_a_review_in_progress(client, emergency, people):
    # Reproduction 6: bulk publish cancelled the item's workflow silently.
    item = draft(emergency, people["editor"], CLEAN)
    workflow = Workflow.objects.filter(active=True).first()
    workflow.start(item, people["editor"])
    client.force_login(people["head"])
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


def test_nobody_signs_off_their_own_item(emergency, people):
    item = draft(emergency, people["head"], CLEAN)
    with pytest.raises(PublicationRefused) as refused:
        item.get_latest_revision().publish(user=people["head"])
    assert "本人起草的信息不能自己审定" in str(refused.value)
    item.get_latest_revision().publish(user=people["leader"])  # a higher reviewer may
    assert ArticlePage.objects.get(pk=item.pk).live


def test_revert_and_publish_of_an_old_secret_revision_is_refused(emergency, people):
    item = draft(emergency, people["editor"], SECRET)
    old = item.get_latest_revision()
    item.body = CLEAN
    item.save_revision(user=people["editor"]).publish(user=people["head"])
    with pytest.raises(PublicationRefused):
        old.publish(user=people["head"], previous_revision=old)
    assert "防汛应急演练" in ArticlePage.objects.get(pk=item.pk).body


def test_scheduled_publishing_rechecks_and_skips_a_refused_item(emergency, people, profiles):
    clean = draft(emergency, people["editor"], CLEAN, title="防汛演练通知")
    blocked = draft(emergency, people["editor"], "<p>关于渭滨区禁词甲乙丙的说明</p>", title="说明")
    soon = timezone.now() + timedelta(hours=1)
    for item in (clean, blocked):
        item.go_live_at = soon
        item.save_revision(user=people["editor"]).publish(user=people["head"])  # scheduled, not yet live
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
    workflow = Workflow.objects.filter(active=True).first()
    state = workflow.start(item, people["editor"])
    client.force_login(people["platform"])  # the default chain's approver group is empty: superusers approve
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", state.current_task_state.pk))
    client.post(url, {"comment": ""})
    assert ArticlePage.objects.get(pk=item.pk).live

    refused = draft(emergency, people["editor"], SECRET, title="另一份预案")
    state = workflow.start(refused, people["editor"])
    url = reverse("wagtailadmin_pages:workflow_action", args=(refused.pk, "approve", state.current_task_state.pk))
    response = client.post(url, {"comment": ""}, follow=True)
    refused = ArticlePage.objects.get(pk=refused.pk)
    assert not refused.live and refused.workflow_in_progress  # the approval rolled back whole
    assert any("密级" in m for m in messages_of(client, response))


def test_sharing_to_another_site_runs_that_sites_checks(emergency, people, profiles):
    item = draft(emergency, people["editor"], "<p>关于某某事项的说明</p>", title="事项说明")
    item.get_latest_revision().publish(user=people["head"])
    target = ColumnPage.objects.descendant_of(profiles["baoji"].site.root_page).filter(depth__gt=3).first()
    SiteLexicon.objects.update_or_create(site=profiles["baoji"].site, defaults={"prohibited_terms": "某某事项"})
    from review import checks

    checks.reset_caches()
    with pytest.raises(PublicationRefused):
        share_to(ArticlePage.objects.get(pk=item.pk), target)
    assert not ArticlePage.objects.child_of(target).filter(alias_of=item).exists()


def test_an_alias_made_in_the_admin_runs_the_target_sites_checks(client, emergency, people, make_person, profiles):
    item = draft(emergency, people["editor"], "<p>关于某某事项的说明</p>", title="事项说明")
    item.get_latest_revision().publish(user=people["head"])
    SiteLexicon.objects.update_or_create(site=profiles["weibin"].site, defaults={"prohibited_terms": "某某事项"})
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    before = ArticlePage.objects.count()
    response = client.post(reverse("wagtailadmin_pages:copy", args=(item.pk,)), {
        "new_title": "事项说明", "new_slug": "alias-copy", "new_parent_page": emergency.pk, "alias": "on",
    }, follow=True)
    assert ArticlePage.objects.count() == before
    assert any("某某事项" in m for m in messages_of(client, response))
