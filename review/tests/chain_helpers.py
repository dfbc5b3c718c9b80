"""Builders for the review-chain tests: each seed site's people (one per kind of approver), drafts, submitting
through Wagtail's editor and approving through Wagtail's workflow action URL."""

from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from columns.models import ColumnPage
from content.models import ArticlePage
from orgs.models import Role

# Per seed site: the column drafted in, its department, another department, and the 主办 office's short name.
SITE_CASES = {
    "hebhb": {"column": "/hebhb/xin-wen-zhong-xin/zhong-wu-ran-tian-qi-yu-jing/", "dept": "监测处", "other": "人事处"},
    "hebjgbz": {"column": "/hebjgbz/jian-du-jian-cha/", "dept": "监督处", "other": "事业处"},
    "sxit": {"column": "/sxit/zheng-ce-wen-jian/zheng-ce-fa-gui/", "dept": "产业政策与法规处", "other": "信息化推进处"},
    "weibin": {"column": "/weibin/zheng-wu/zhu-dong-gong-kai/ying-ji-guan-li/", "dept": "区应急管理局", "other": "区发改局", "owner": "区政府办"},
    "hebei": {"column": "/hebei/gai-kuang/he-bei-gai-kuang/", "dept": "省政府办公厅信息处", "other": "省政府办公厅政府网站管理处"},
}
CLEAN = "<p>近日，本单位组织开展安全生产检查，共检查企业12家。</p>"


def column_of(profiles, code):
    return ColumnPage.objects.descendant_of(profiles[code].site.root_page).get(url_path=SITE_CASES[code]["column"])


def people_of(make_person, profiles, code):
    case = SITE_CASES[code]
    people = {
        "editor": make_person(Role.EDITOR, code, case["dept"]),
        "head": make_person(Role.DIVISION_HEAD, code, case["dept"]),
        "other_head": make_person(Role.DIVISION_HEAD, code, case["other"]),
        "leader": make_person(Role.LEADER_IN_CHARGE, code),
        "principal": make_person(Role.PRINCIPAL, code),
        "site_admin": make_person(Role.SITE_ADMIN, code),
        "group_member": make_person(Role.PRINCIPAL, code),
    }
    if case.get("owner"):
        people["owner_head"] = make_person(Role.DIVISION_HEAD, code, case["owner"])
    from review.chains import review_groups_of

    people["group_member"].groups.add(*review_groups_of(profiles[code].site))
    return people


def approver_for(task, people):
    """The person who signs this step for an item of the site's test department."""
    if task.role == "group":
        return people["group_member"]
    if task.role == Role.DIVISION_HEAD:
        return people["owner_head"] if task.unit == "owner" and "owner_head" in people else people["head"]
    return {Role.LEADER_IN_CHARGE: people["leader"], Role.PRINCIPAL: people["principal"]}[task.role]


def draft(column, owner, body=CLEAN, title="安全生产检查情况通报", tier="general"):
    item = column.add_child(instance=ArticlePage(
        title=title, slug=f"chain-{ArticlePage.objects.count()}", body=body, owner=owner, live=False, review_tier=tier,
    ))
    item.save_revision(user=owner)
    return ArticlePage.objects.get(pk=item.pk)


def article_form(item, action, acknowledged=(), **changes):
    values = {
        "title": item.title, "slug": item.slug, "publish_date": "2026-11-20 09:00", "source": "", "author": "",
        "summary": "", "body": rich_text(item.body), "review_tier": item.review_tier,
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}, "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    }
    values.update(changes)
    if "body" in changes:
        values["body"] = rich_text(changes["body"])
    data = nested_form_data(values)
    data[action] = "1"
    if acknowledged:
        data["acknowledged_warnings"] = list(acknowledged)  # the ticked warnings (review.acknowledgements)
    return data


def submit(client, item, user, action="action-submit", acknowledged=(), **changes):
    """The 信息员 presses 提交审核 in Wagtail's editor, having ticked the warnings in `acknowledged`."""
    client.force_login(user)
    return client.post(reverse("wagtailadmin_pages:edit", args=(item.pk,)), article_form(item, action, acknowledged, **changes))


def current_task(item):
    state = WorkflowState.objects.for_instance(item).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
    return (state.current_task_state, state.current_task_state.task.specific) if state else (None, None)


def act(client, item, user, action="approve", comment=""):
    """Approve or reject the current step through Wagtail's workflow action URL (its own permission check)."""
    task_state, _task = current_task(item)
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages] if hasattr(response.wsgi_request, "_messages") else []
