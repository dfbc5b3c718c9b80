"""Wagtail's workflow admin, scoped per site (issue 8 part 1: the chains are "editable by the 网站管理员" — of their
own site). Tried as an attacker: weibin's 网站管理员 against hebhb's chains, through the listings, the chooser, the
reports, every direct URL, and forms posting another site's step or page."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Task, Workflow, WorkflowPage, WorkflowTask

from orgs.models import Role
from review.chain_models import ReviewChain, RoleReviewTask

from .chain_helpers import SITE_CASES, column_of, draft

pytestmark = pytest.mark.django_db


def _chain(profiles, code, tier="general"):
    return ReviewChain.objects.select_related("workflow").filter(site=profiles[code].site, tier=tier, column_step=False).first().workflow


def _marked_step(profiles, code, name):
    """A step of the site's general chain renamed so that a listing naming it can be told apart."""
    workflow = _chain(profiles, code)
    task = RoleReviewTask.objects.filter(pk__in=workflow.workflow_tasks.values("task_id")).first()
    task.name = name
    task.save()
    return workflow, task


@pytest.fixture
def scene(profiles, make_person):
    ours, our_task = _marked_step(profiles, "weibin", "渭滨本站步骤甲")
    theirs, their_task = _marked_step(profiles, "hebhb", "河北外站步骤乙")
    theirs.name = "河北外站审核流程丙"
    theirs.save()
    ours.name = "渭滨本站审核流程丁"
    ours.save()
    return {
        "ours": ours, "our_task": our_task, "theirs": theirs, "their_task": their_task,
        "admin": make_person(Role.SITE_ADMIN, "weibin"),
        "platform": make_person(Role.PLATFORM_ADMIN),
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局"),
    }


def _login(user):
    client = Client()
    client.force_login(user)
    return client


def _state():
    return (
        sorted(Workflow.objects.values_list("pk", "name", "active")),
        sorted(Task.objects.values_list("pk", "name", "active")),
        sorted(WorkflowTask.objects.values_list("workflow_id", "task_id", "sort_order")),
        sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        sorted(RoleReviewTask.objects.values_list("pk", "site_id", "role", "unit", "group_id")),
    )


def test_the_site_admin_lists_their_own_sites_chains_and_steps_only(scene):
    client = _login(scene["admin"])
    html = client.get(reverse("wagtailadmin_workflows:index")).content.decode()
    assert "渭滨本站审核流程丁" in html
    assert "河北外站审核流程丙" not in html and "默认审核流程" not in html
    html = client.get(reverse("wagtailadmin_workflows:index") + "?show_disabled=true").content.decode()
    assert "河北外站审核流程丙" not in html
    html = client.get(reverse("wagtailadmin_workflows:task_index")).content.decode()
    assert "渭滨本站步骤甲" in html and "河北外站步骤乙" not in html
    # Both lists are in the 设置 menu for them now.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_workflows:index") in home and reverse("wagtailadmin_workflows:task_index") in home
    # The platform admin sees every site's.
    client = _login(scene["platform"])
    html = client.get(reverse("wagtailadmin_workflows:index")).content.decode()
    assert "渭滨本站审核流程丁" in html and "河北外站审核流程丙" in html
    # Someone who administers no site has no workflow admin at all.
    client = _login(scene["editor"])
    assert client.get(reverse("wagtailadmin_workflows:index")).status_code in (302, 403)
    assert client.get(reverse("wagtailadmin_workflows:task_index")).status_code in (302, 403)


def test_direct_urls_to_another_sites_chain_or_step_answer_404_and_change_nothing(scene, profiles):
    theirs, their_task = scene["theirs"], scene["their_task"]
    # A disabled one of theirs, to try enabling it.
    disabled = _chain(profiles, "hebhb", "major")
    client = _login(scene["platform"])
    client.post(reverse("wagtailadmin_workflows:disable", args=(disabled.pk,)))
    assert not Workflow.objects.get(pk=disabled.pk).active
    before = _state()
    client = _login(scene["admin"])
    attempts = [
        ("get", reverse("wagtailadmin_workflows:edit", args=(theirs.pk,)), {}),
        ("post", reverse("wagtailadmin_workflows:edit", args=(theirs.pk,)), {"name": "改名"}),
        ("get", reverse("wagtailadmin_workflows:disable", args=(theirs.pk,)), {}),
        ("post", reverse("wagtailadmin_workflows:disable", args=(theirs.pk,)), {}),
        ("post", reverse("wagtailadmin_workflows:enable", args=(disabled.pk,)), {}),
        ("get", reverse("wagtailadmin_workflows:usage", args=(theirs.pk,)), {}),
        ("get", reverse("wagtailadmin_workflows:usage_results", args=(theirs.pk,)), {}),
        ("get", reverse("wagtailadmin_workflows:edit_task", args=(their_task.pk,)), {}),
        ("post", reverse("wagtailadmin_workflows:edit_task", args=(their_task.pk,)), {"name": "改名", "role": "principal", "unit": "own"}),
        ("get", reverse("wagtailadmin_workflows:disable_task", args=(their_task.pk,)), {}),
        ("post", reverse("wagtailadmin_workflows:disable_task", args=(their_task.pk,)), {}),
        ("get", reverse("wagtailadmin_workflows:task_chosen", args=(their_task.pk,)), {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        assert "河北外站" not in response.content.decode(), url
    # Enabling their disabled step (disabled by the platform admin first).
    _login(scene["platform"]).post(reverse("wagtailadmin_workflows:disable_task", args=(their_task.pk,)))
    before = _state()
    assert client.post(reverse("wagtailadmin_workflows:enable_task", args=(their_task.pk,))).status_code in (403, 404)
    assert _state() == before


def test_the_task_chooser_and_the_step_form_offer_only_the_own_site(scene, profiles):
    client = _login(scene["admin"])
    response = client.get(reverse("wagtailadmin_workflows:task_chooser"))
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert "渭滨本站步骤甲" in html and "河北外站步骤乙" not in html
    results = client.get(reverse("wagtailadmin_workflows:task_chooser_results") + "?q=步骤").content.decode()
    assert "渭滨本站步骤甲" in results and "河北外站步骤乙" not in results
    # Creating a step: the only type offered is the role step, and the only site their own.
    select = client.get(reverse("wagtailadmin_workflows:select_task_type"))
    add_url = reverse("wagtailadmin_workflows:add_task", args=("review", "rolereviewtask"))
    assert select.status_code == 302 and select["Location"] == add_url
    form = client.get(add_url).content.decode()
    assert profiles["weibin"].site.site_name in form and profiles["hebhb"].site.site_name not in form
    assert client.get(reverse("wagtailadmin_workflows:add_task", args=("wagtailcore", "groupapprovaltask"))).status_code == 404
    count = RoleReviewTask.objects.count()
    response = client.post(add_url, {"name": "外站步骤", "site": profiles["hebhb"].site.pk, "role": "principal", "unit": "own"})
    assert response.status_code == 200 and RoleReviewTask.objects.count() == count
    response = client.post(add_url, {"name": "本站新增步骤", "site": profiles["weibin"].site.pk, "role": "principal", "unit": "own", "source": "004 第十四条"})
    assert response.status_code == 302
    assert RoleReviewTask.objects.get(name="本站新增步骤").site_id == profiles["weibin"].site.pk


def _workflow_form(workflow, tasks, name=None, pages=()):
    data = {"name": name or workflow.name}
    links = list(workflow.workflow_tasks.order_by("sort_order")) if workflow.pk else []
    data.update({
        "workflow_tasks-TOTAL_FORMS": str(len(tasks)), "workflow_tasks-INITIAL_FORMS": str(min(len(links), len(tasks))),
        "workflow_tasks-MIN_NUM_FORMS": "0", "workflow_tasks-MAX_NUM_FORMS": "1000",
    })
    for n, task in enumerate(tasks):
        data[f"workflow_tasks-{n}-task"] = str(task.pk)
        data[f"workflow_tasks-{n}-ORDER"] = str(n + 1)
        data[f"workflow_tasks-{n}-DELETE"] = ""
        if n < len(links):
            data[f"workflow_tasks-{n}-id"] = str(links[n].pk)
    data.update({"pages-TOTAL_FORMS": str(len(pages)), "pages-INITIAL_FORMS": "0", "pages-MIN_NUM_FORMS": "0", "pages-MAX_NUM_FORMS": "1000"})
    for n, page in enumerate(pages):
        data[f"pages-{n}-page"] = str(page.pk)
        data[f"pages-{n}-DELETE"] = ""
    return data


def test_the_site_admin_edits_their_own_chain_but_cannot_use_another_sites_step_or_page(scene, profiles):
    ours, our_task, their_task = scene["ours"], scene["our_task"], scene["their_task"]
    our_steps = [wt.task for wt in ours.workflow_tasks.order_by("sort_order")]
    client = _login(scene["admin"])
    url = reverse("wagtailadmin_workflows:edit", args=(ours.pk,))
    assert client.get(url).status_code == 200
    # Another site's step slipped into the form: refused, nothing stored.
    before = _state()
    response = client.post(url, _workflow_form(ours, [*our_steps, their_task], name="渭滨改名一"))
    assert response.status_code == 200 and "只能选用本网站的审核步骤" in response.content.decode()
    assert _state() == before
    # Another site's page as a page the workflow is attached to: refused, nothing stored.
    their_column = column_of(profiles, "hebhb")
    response = client.post(url, _workflow_form(ours, our_steps, name="渭滨改名二", pages=[their_column]))
    assert response.status_code == 200 and "只能为本网站的页面指定审核流程" in response.content.decode()
    assert _state() == before
    # The tree root belongs to no site: refused too.
    response = client.post(url, _workflow_form(ours, our_steps, name="渭滨改名三", pages=[Page.get_first_root_node()]))
    assert response.status_code == 200 and _state() == before
    # Their own page and their own steps: saved.
    our_column = column_of(profiles, "weibin")
    response = client.post(url, _workflow_form(ours, our_steps, name="渭滨改名四", pages=[our_column]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Workflow.objects.get(pk=ours.pk).name == "渭滨改名四"
    assert WorkflowPage.objects.get(page=our_column).workflow_id == ours.pk
    # A new chain of their own steps is theirs: it appears in their list, not in hebhb's admin's.
    response = client.post(reverse("wagtailadmin_workflows:add"), _workflow_form(Workflow(), [our_task], name="渭滨新建流程"))
    assert response.status_code == 302
    assert "渭滨新建流程" in client.get(reverse("wagtailadmin_workflows:index")).content.decode()
    hebhb_admin = _login(_hebhb_admin(profiles))
    assert "渭滨新建流程" not in hebhb_admin.get(reverse("wagtailadmin_workflows:index")).content.decode()
    # A new chain built of another site's step is refused.
    count = Workflow.objects.count()
    response = client.post(reverse("wagtailadmin_workflows:add"), _workflow_form(Workflow(), [their_task], name="偷用外站步骤"))
    assert response.status_code == 200 and Workflow.objects.count() == count
    # Removing the workflow of another site's page through the remove URL: refused, kept.
    WorkflowPage.objects.create(page=their_column, workflow=scene["theirs"])
    response = client.post(reverse("wagtailadmin_workflows:remove", args=(their_column.pk,)))
    assert response.status_code in (403, 404)
    assert WorkflowPage.objects.filter(page=their_column).exists()


def _hebhb_admin(profiles):
    from orgs.services import assign_role, create_account

    user, _ = create_account("hebhb_chain_admin", password="Hebhb-Admin-2026!", must_change=False)
    assign_role(user, Role.SITE_ADMIN, site=profiles["hebhb"].site)
    return user


def test_the_workflow_reports_offer_the_own_sites_chains_and_steps_only(scene, profiles, make_person):
    # An item of each site under review, each on its site's chain.
    for code, workflow in (("weibin", scene["ours"]), ("hebhb", scene["theirs"])):
        editor = make_person(Role.EDITOR, code, SITE_CASES[code]["dept"])
        workflow.start(draft(column_of(profiles, code), editor, title=f"{code}报表用信息"), editor)
    client = _login(scene["admin"])
    html = client.get(reverse("wagtailadmin_reports:workflow_tasks")).content.decode()
    assert "渭滨本站审核流程丁" in html and "渭滨本站步骤甲" in html
    assert "河北外站审核流程丙" not in html and "河北外站步骤乙" not in html
    response = client.get(reverse("wagtailadmin_reports:workflow"))
    assert response.status_code == 200 and "河北外站" not in response.content.decode()
    client = _login(scene["platform"])
    assert "河北外站审核流程丙" in client.get(reverse("wagtailadmin_reports:workflow_tasks")).content.decode()
