"""The life of a case, one function per step: 待审核 → 受理 (or 不予受理) → 转办 → 答复 drafted and checked →
公开 (or kept private) → 办结; 退回 and 延期 along the way. Each step checks who may take it (access.py), runs in
one transaction and leaves a CaseEvent (user, role, time, IP)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from orgs.models import Organization

from . import access
from .deadlines import compute_due_dates
from .models import Assignment, Case, CaseEvent, Disclosure, MailboxKind
from .screening import publication_blockers, screen

S = Case.Status
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read out over the phone


def new_tracking_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def record(case, action, user=None, ip=None, note="", site_id=None):
    return CaseEvent.objects.create(
        case=case, action=action, user=user if user and user.is_authenticated else None,
        role=access.role_label(user, site_id or case.site_id) if user and user.is_authenticated else _("来信人"),
        ip=ip, at=timezone.now(), note=note,
    )


def _require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("您没有办理此来信的权限。"))


def _require_status(case, *statuses):
    if case.status not in statuses:
        raise ValidationError(_("来信当前为“%(s)s”，不能进行此操作。") % {"s": case.get_status_display()})


def _locked(case):
    return Case.objects.select_for_update().select_related("mailbox").get(pk=case.pk)


# --- Arrival ----------------------------------------------------------------------------------------------------


def submit(mailbox, *, title, content, writer_name="", phone="", email="", attachment=None, wants_public=True,
           submission_key=None, ip=None, received_at=None, user=None, external_id=""):
    """A new case in 待审核 with its due dates. The same submission_key twice (a double submit) gives the
    first case back: (case, created)."""
    if submission_key:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    case = Case(
        mailbox=mailbox, site_id=mailbox.site_id, tracking_code=new_tracking_code(), submission_key=submission_key or None,
        title=title.strip(), content=content.strip(), writer_name=writer_name.strip(), phone=phone.strip(),
        email=email.strip(), wants_public=wants_public, submitter_ip=ip, received_at=received_at or timezone.now(),
        external_id=external_id,
    )
    if mailbox.disclosure == Disclosure.NEVER:
        case.wants_public = False
    compute_due_dates(case)
    try:
        with transaction.atomic():
            if attachment is not None:
                case.attachment = attachment
            case.save()
            record(case, "submit", user=user, ip=ip, note=_("来信提交") if user is None else _("工作人员录入"))
    except IntegrityError:
        existing = Case.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return existing, False
    return case, True


# --- 审核: 受理 or 不予受理 -----------------------------------------------------------------------------------------


@transaction.atomic
def accept(case, user, ip=None):
    """受理: the 网站管理员 screened the message (003 第二十三条); personal data is masked for any publication."""
    case = _locked(case)
    _require(access.may_manage(user, case))
    _require_status(case, S.PENDING)
    findings, case.public_title, case.public_content = screen(case.title, case.content, case.site)
    case.screening = findings
    case.status, case.accepted_at = S.ACCEPTED, timezone.now()
    case.save()
    note = _("审核发现 %(n)d 处问题") % {"n": len(findings)} if findings else _("审核未发现问题")
    record(case, "accept", user, ip, note)
    return case


@transaction.atomic
def reject(case, user, reason, ip=None):
    """不予受理, with the reason the writer (and the public list) sees."""
    case = _locked(case)
    _require(access.may_manage(user, case))
    _require_status(case, S.PENDING)
    if not reason.strip():
        raise ValidationError(_("请填写不予受理的理由。"))
    findings, case.public_title, case.public_content = screen(case.title, case.content, case.site)
    case.screening = findings
    case.status, case.rejection_reason, case.closed_at = S.REJECTED, reason.strip(), timezone.now()
    case.save()
    record(case, "reject", user, ip, reason.strip())
    return case


# --- 转办 -----------------------------------------------------------------------------------------------------------


def forward_targets(case):
    """(site, organization) pairs a case may be forwarded to: the departments of its own site and of every site
    below it in the 站群 (portal → city → county, 001 第二十三条), plus those sites' 主办单位 (their offices)."""
    from sites.models import SiteProfile

    profiles, frontier = [], list(SiteProfile.objects.filter(site_id=case.site_id))
    for _round in range(5):  # province → city → county and their department sites
        if not frontier:
            break
        profiles += frontier
        frontier = list(SiteProfile.objects.filter(parent__in=frontier))
    targets = []
    for profile in profiles:
        orgs = {profile.owner_id: profile.owner} if profile.owner_id else {}
        orgs.update({o.pk: o for o in profile.departments.all()})
        for org in orgs.values():
            targets.append((profile, org))
    return targets


@transaction.atomic
def forward(case, user, targets, note="", ip=None):
    """转办 to one or more departments, on this site or a site below. `targets`: [(site_id, organization_id)]."""
    case = _locked(case)
    _require(access.may_forward_from(user, case))
    _require_status(case, S.ACCEPTED, S.FORWARDED)
    if not targets:
        raise ValidationError(_("请至少选择一个承办单位。"))
    allowed = {(p.site_id, o.pk) for p, o in forward_targets(case)}
    if not access.may_manage(user, case):  # a receiving site routes on inside its own site only
        own = {a.site_id for a in case.assignments.filter(active=True) if access.is_site_admin(user, a.site_id)}
        allowed = {t for t in allowed if t[0] in own}
    now = timezone.now()
    names = []
    for site_id, org_id in targets:
        if (site_id, org_id) not in allowed:
            raise ValidationError(_("不能转办给该单位：只能转办本网站或下级网站的单位。"))
        if case.assignments.filter(site_id=site_id, organization_id=org_id, active=True).exists():
            continue
        Assignment.objects.create(case=case, site_id=site_id, organization_id=org_id, assigned_at=now, assigned_by=user)
        names.append(Organization.objects.get(pk=org_id).name)
    if case.forwarded_at is None:
        case.forwarded_at = now
        compute_due_dates(case)
    case.status = S.FORWARDED
    case.save()
    record(case, "forward", user, ip, _("转办至：%(n)s") % {"n": "、".join(names)} + (f"；{note}" if note else ""))
    return case


@transaction.atomic
def return_assignment(assignment, user, reason, ip=None):
    """退回: the department says the case is not theirs; it goes back to the 网站管理员 to route again."""
    case = _locked(assignment.case)
    _require(access.may_draft(user, assignment))
    _require_status(case, S.FORWARDED, S.DRAFTED)
    if not reason.strip():
        raise ValidationError(_("请填写退回理由。"))
    assignment.active = False
    assignment.save(update_fields=["active"])
    if not case.assignments.filter(active=True).exists():
        case.status = S.ACCEPTED
        case.save()
    record(case, "return", user, ip, _("%(org)s 退回：%(r)s") % {"org": assignment.organization.name, "r": reason.strip()},
           site_id=assignment.site_id)
    return case


# --- 答复: drafted by the department, checked by its 负责人 ----------------------------------------------------------


@transaction.atomic
def draft_reply(assignment, user, text, ip=None):
    case = _locked(assignment.case)
    _require(access.may_draft(user, assignment))
    _require_status(case, S.FORWARDED, S.DRAFTED)
    if not assignment.active or assignment.answered_at:
        raise ValidationError(_("该转办已答复或已退回。"))
    if not text.strip():
        raise ValidationError(_("请填写答复内容。"))
    assignment.draft, assignment.drafted_by, assignment.checked_by = text.strip(), user, None
    assignment.save()
    case.status = S.DRAFTED
    case.save()
    record(case, "draft", user, ip, assignment.organization.name, site_id=assignment.site_id)
    return case


@transaction.atomic
def check_reply(assignment, user, approve, note="", ip=None):
    """The 处室负责人 approves the draft (it becomes the department's answer) or sends it back (退回修改)."""
    case = _locked(assignment.case)
    _require(access.may_check(user, assignment), _("答复须由承办处室负责人审核，起草人不能审核自己的答复。"))
    _require_status(case, S.DRAFTED)
    if not assignment.draft or assignment.answered_at:
        raise ValidationError(_("没有待审核的答复。"))
    now = timezone.now()
    if not approve:
        if not note.strip():
            raise ValidationError(_("请填写退回修改的意见。"))
        assignment.drafted_by = None
        assignment.save()
        case.status = S.FORWARDED
        case.save()
        record(case, "check_return", user, ip, note.strip(), site_id=assignment.site_id)
        return case
    assignment.checked_by, assignment.answered_at = user, now
    assignment.save()
    record(case, "check_approve", user, ip, assignment.organization.name, site_id=assignment.site_id)
    active = list(case.assignments.filter(active=True).select_related("organization"))
    if all(a.answered_at for a in active):
        case.reply = "\n\n".join(a.draft for a in active)
        case.reply_department = active[0].organization
        case.reply_department_name = "、".join(a.organization.name for a in active)
        case.replied_at, case.status = now, S.ANSWERED
        findings, _title, case.public_reply = screen("", case.reply, case.site)
        case.screening = [f for f in case.screening if f.get("field") != "reply"] + [dict(f, field="reply") for f in findings]
        record(case, "answer", user, ip, case.reply_department_name, site_id=assignment.site_id)
    else:
        case.status = S.FORWARDED if any(not a.draft for a in active if not a.answered_at) else S.DRAFTED
    case.save()
    return case


# --- 延期, 公开, 办结 ---------------------------------------------------------------------------------------------


@transaction.atomic
def extend(case, user, days, reason, ip=None):
    """延期 with approval: the 网站管理员 of the case's site approves (条例 第三十三条: 依申请公开 by up to 20)."""
    case = _locked(case)
    _require(access.may_manage(user, case), _("延期须经网站管理员批准。"))
    _require_status(case, S.ACCEPTED, S.FORWARDED, S.DRAFTED)
    if case.extended_days:
        raise ValidationError(_("此来信已延期过一次，不能再次延期。"))
    if not 1 <= days <= case.mailbox.extension_days:
        raise ValidationError(_("延期天数应为1至%(n)d个工作日。") % {"n": case.mailbox.extension_days})
    if not reason.strip():
        raise ValidationError(_("请填写延期理由。"))
    old_due = case.answer_due
    case.extended_days = days
    compute_due_dates(case)
    case.save()
    record(case, "extend", user, ip, _("延期%(d)d个工作日（%(old)s → %(new)s）：%(r)s") % {
        "d": days, "old": old_due or "-", "new": case.answer_due or "-", "r": reason.strip()})
    return case


def may_be_public(case):
    """The mailbox's disclosure rule and the writer's choice (001 第三十五条: 找错 all disclosed except untrue)."""
    box = case.mailbox
    if box.disclosure == Disclosure.NEVER:
        return False
    if box.kind == MailboxKind.FIND_ERROR and case.found_untrue:
        return False
    return box.disclosure == Disclosure.ALWAYS or case.wants_public


@transaction.atomic
def publish(case, user, public=True, ip=None):
    """公开 (or withdraw): only screened, answered cases the rules allow; never with a blocking finding."""
    case = _locked(case)
    _require(access.may_manage(user, case))
    if public:
        _require_status(case, S.ANSWERED, S.CLOSED, S.REJECTED)
        if not may_be_public(case):
            raise ValidationError(_("按信箱的公开规则或来信人的选择，此来信不公开。"))
        blockers = publication_blockers(case.screening)
        if blockers:
            raise ValidationError(_("内容审核发现不得公开的问题：%(m)s") % {"m": "；".join(f["message"] for f in blockers)})
    case.is_public = public
    case.save()
    record(case, "publish" if public else "unpublish", user, ip)
    return case


@transaction.atomic
def mark_untrue(case, user, ip=None):
    """找错: the report was checked and found untrue; it is not disclosed (001 第三十五条)."""
    case = _locked(case)
    _require(access.may_manage(user, case))
    case.found_untrue, case.is_public = True, False
    case.save()
    record(case, "untrue", user, ip)
    return case


@transaction.atomic
def close(case, user, ip=None):
    case = _locked(case)
    _require(access.may_manage(user, case))
    _require_status(case, S.ANSWERED)
    case.status, case.closed_at = S.CLOSED, timezone.now()
    case.save()
    record(case, "close", user, ip)
    return case


@transaction.atomic
def rate(case, rating, ip=None):
    """The writer rates the reply with the 查询码, once."""
    case = _locked(case)
    if case.status not in (S.ANSWERED, S.CLOSED):
        raise ValidationError(_("答复之后才能评价。"))
    if case.rating:
        raise ValidationError(_("您已评价过此答复。"))
    if rating not in Case.Rating.values:
        raise ValidationError(_("请选择满意、基本满意或不满意。"))
    case.rating, case.rated_at = rating, timezone.now()
    case.save()
    record(case, "rate", None, ip, Case.Rating(rating).label)
    return case


ACTION_LABELS = {
    "submit": _l("提交"), "accept": _l("受理"), "reject": _l("不予受理"), "forward": _l("转办"), "return": _l("退回"),
    "draft": _l("起草答复"), "check_return": _l("答复退回修改"), "check_approve": _l("负责人审核通过"), "answer": _l("答复"),
    "extend": _l("延期"), "publish": _l("公开"), "unpublish": _l("取消公开"), "untrue": _l("经核查不属实"),
    "close": _l("办结"), "rate": _l("评价"), "external": _l("信访系统回传"), "remind": _l("到期提醒"), "escalate": _l("超期上报"),
}


# --- 信访系统 (000 第十条: 网上举报 handled outside, results come back through an interface) -------------------------


@transaction.atomic
def apply_external_result(case, *, external_id="", external_status="", reply="", department="", replied_at=None):
    """Store what the 信访系统 reports. Idempotent: the same result twice changes nothing. Returns changed?"""
    case = _locked(case)
    wanted = {"external_id": external_id or case.external_id, "external_status": external_status or case.external_status}
    if reply:
        wanted.update(reply=reply.strip(), reply_department_name=department.strip(), replied_at=replied_at or case.replied_at or timezone.now())
    if all(getattr(case, k) == v for k, v in wanted.items()):
        return False
    if reply and case.status in (S.PENDING, S.REJECTED):
        raise ValidationError(_("此来信尚未受理，不能回传办理结果。"))
    for key, value in wanted.items():
        setattr(case, key, value)
    if reply and case.status not in (S.ANSWERED, S.CLOSED):
        case.status = S.ANSWERED
    if reply:
        findings, _title, case.public_reply = screen("", case.reply, case.site)
        case.screening = [f for f in case.screening if f.get("field") != "reply"] + [dict(f, field="reply") for f in findings]
    case.save()
    record(case, "external", note=_("信访系统回传：%(s)s") % {"s": external_status or _("答复")})
    return True
