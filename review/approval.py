"""The 上网信息发布审批表 (issue 8 part 6; 002 第五条 and 附件3): one per review an item went through, filled from
Wagtail's own workflow records (WorkflowState, its TaskStates and their comments) and the ItemAction written
beside each log entry (review.attribution), so it works with any task type.

002 附件3's fields: 处室, 信息管理员, 信息名称, 拟发栏目, 信息来源, 处长审核意见+日期, 副主任批示+日期, 主任批示+日期.
Every step of the chain is listed as well (a chain may have more steps than the form's three boxes, e.g. 003's
信息化领导小组 or 004's 区政府办审核); each box takes the opinion of the step whose reviewer held that rank."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from content.models import ItemPage
from orgs.isolation import narrow_to_user_sites
from orgs.models import Role

from .attribution import roles_and_department
from .models import ItemAction

# 002 附件3's three opinion boxes and the reviewer rank whose step fills each (000 第六条 ranks, 002 第五条 处长 →
# 办领导/主管领导; the 编办's 副主任 is its 分管领导, its 主任 the 主要负责人).
FORM_BOXES = (
    ("division", "处长审核意见", Role.DIVISION_HEAD),
    ("deputy", "副主任批示", Role.LEADER_IN_CHARGE),
    ("director", "主任批示", Role.PRINCIPAL),
)
STEP_STATUS = {
    TaskState.STATUS_APPROVED: "同意",
    TaskState.STATUS_REJECTED: "退回修改",
    TaskState.STATUS_IN_PROGRESS: "待审核",
    TaskState.STATUS_SKIPPED: "跳过",
    TaskState.STATUS_CANCELLED: "已取消",
}
FORM_STATUS = {
    WorkflowState.STATUS_APPROVED: "审核通过",
    WorkflowState.STATUS_IN_PROGRESS: "审核中",
    WorkflowState.STATUS_NEEDS_CHANGES: "退回修改",
    WorkflowState.STATUS_CANCELLED: "已撤回",
}


@dataclass
class ApprovalStep:
    number: int
    task: str
    status: str
    reviewer: str
    roles: str
    department: str
    opinion: str
    finished_at: object
    ip_address: str = ""


@dataclass
class ApprovalForm:
    pk: int
    item: ItemPage
    site: object
    department: str
    department_id: int | None
    drafter: str
    title: str
    column: str
    source: str
    submitted_at: object
    status: str
    published_at: object
    steps: list = field(default_factory=list)
    boxes: dict = field(default_factory=dict)

    @property
    def box_list(self):
        return [(label, self.boxes.get(key)) for key, label, _role in FORM_BOXES]


def approval_states(user, *, site=None, month=None, department_id=None):
    """The WorkflowStates of items the person may see (orgs.isolation), newest first; `month` a date in the
    month wanted (by submission), `department_id` the submitting 处室 (by the ItemAction of the submission)."""
    items = narrow_to_user_sites(ItemPage.objects.all(), user)
    if site is not None:
        items = items.filter(path__startswith=site.root_page.path)
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=items.annotate(_pk=Cast("pk", CharField())).values("_pk"),
    ).exclude(status=WorkflowState.STATUS_CANCELLED)
    if month is not None:
        start = timezone.make_aware(timezone.datetime(month.year, month.month, 1))
        end_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        states = states.filter(created_at__gte=start, created_at__lt=timezone.make_aware(timezone.datetime(end_month.year, end_month.month, 1)))
    if department_id is not None:
        submitted = ItemAction.objects.filter(action="wagtail.workflow.start", department_id=department_id)
        states = states.filter(object_id__in=submitted.annotate(_pk=Cast("page_id", CharField())).values("_pk"))
    return states.select_related("requested_by", "workflow").order_by("-created_at", "-pk")


def _role_of(roles_text):
    for _key, _label, role in reversed(FORM_BOXES):
        if str(role.label) in roles_text:
            return role
    return None


def _box_role(task, roles_text):
    """The rank a step signs at: a review-chain step's own role (a 处室负责人 who also leads elsewhere still signs
    the 处长 box when the step is the 处室负责人's); a group or other task falls back to the reviewer's ranks."""
    from .chain_models import RoleReviewTask

    specific = task.specific
    if isinstance(specific, RoleReviewTask) and specific.role in Role.values:
        return Role(specific.role)
    return _role_of(roles_text)


def approval_form(state):
    """The 审批表 of one WorkflowState."""
    item = ItemPage.objects.get(pk=int(state.object_id))
    site = item.get_site()
    actions = {a.log_entry_id: a for a in ItemAction.objects.filter(page_id=item.pk)}
    entries = PageLogEntry.objects.filter(page_id=item.pk, action__in=("wagtail.workflow.approve", "wagtail.workflow.reject"))
    by_task_state = {}
    for entry in entries:
        task_state_id = ((entry.data or {}).get("workflow") or {}).get("task_state_id")
        if task_state_id and entry.pk in actions:
            by_task_state[task_state_id] = actions[entry.pk]
    submission = (
        ItemAction.objects.filter(page_id=item.pk, action="wagtail.workflow.start", at__gte=state.created_at - timezone.timedelta(seconds=5))
        .order_by("at", "pk").first()
    )
    if submission is not None:
        department_name, department_id = submission.department_name, submission.department_id
    else:
        _roles, department = roles_and_department(state.requested_by, site.pk if site else None)
        department_name, department_id = getattr(department, "name", ""), getattr(department, "pk", None)
    drafter = state.requested_by
    published = (
        ItemAction.objects.filter(page_id=item.pk, action__in=("wagtail.publish", "wagtail.publish.scheduled"), at__gte=state.created_at)
        .order_by("at").values_list("at", flat=True).first()
    )
    form = ApprovalForm(
        pk=state.pk, item=item, site=site, department=department_name, department_id=department_id,
        drafter=(drafter.get_full_name() or drafter.get_username()) if drafter else "",
        title=item.title, column=item.get_parent().title, source=item.source or "",
        submitted_at=state.created_at, status=FORM_STATUS.get(state.status, state.status), published_at=published,
    )
    task_states = (
        TaskState.objects.filter(workflow_state__in=_states_of_one_review(state))
        .select_related("task", "finished_by").order_by("started_at", "pk")
    )
    for n, ts in enumerate(task_states, 1):
        recorded = by_task_state.get(ts.pk)
        if recorded is not None:
            roles, department = recorded.roles, recorded.department_name
        elif ts.finished_by is not None:
            roles, org = roles_and_department(ts.finished_by, site.pk if site else None)
            department = getattr(org, "name", "")
        else:
            roles, department = "", ""
        reviewer = ts.finished_by
        step = ApprovalStep(
            number=n, task=ts.task.name, status=STEP_STATUS.get(ts.status, ts.status),
            reviewer=(reviewer.get_full_name() or reviewer.get_username()) if reviewer else "",
            roles=roles, department=department, opinion=ts.comment or "", finished_at=ts.finished_at,
            ip_address=(recorded.ip_address or "") if recorded else "",
        )
        form.steps.append(step)
        if ts.status == TaskState.STATUS_APPROVED:
            role = _box_role(ts.task, roles)
            for key, _label, box_role in FORM_BOXES:
                if role == box_role:
                    form.boxes[key] = step  # the last approval by that rank fills its box
    return form


def _states_of_one_review(state):
    """This state and the cancelled ones just before it (a 信息员 restarting the chain after a rejection): one
    审批表 shows the rejection and the resubmission together."""
    earlier = WorkflowState.objects.filter(
        base_content_type_id=state.base_content_type_id, object_id=state.object_id, created_at__lte=state.created_at
    ).exclude(pk=state.pk).order_by("-created_at", "-pk")
    ids = [state.pk]
    for other in earlier:
        if other.status != WorkflowState.STATUS_CANCELLED:
            break
        ids.append(other.pk)
    return ids


def export_rows(forms):
    """Rows of the xlsx export: one per 审批表, the fields of 002 附件3 in its order."""
    header = [_("处室"), _("信息管理员"), _("信息名称"), _("拟发栏目"), _("信息来源"), _("提交时间")]
    for _key, label, _role in FORM_BOXES:
        header += [_(label), _("审核人"), _("日期")]
    header += [_("全部审核步骤"), _("状态"), _("发布时间")]
    rows = [header]
    for f in forms:
        row = [f.department, f.drafter, f.title, f.column, f.source, _local(f.submitted_at)]
        for key, _label, _role in FORM_BOXES:
            step = f.boxes.get(key)
            row += [step.opinion or step.status, step.reviewer, _local(step.finished_at)] if step else ["", "", ""]
        row += [
            "；".join(f"{s.number}. {s.task} {s.reviewer} {s.status} {s.opinion}".strip() for s in f.steps),
            f.status, _local(f.published_at),
        ]
        rows.append(row)
    return rows


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
