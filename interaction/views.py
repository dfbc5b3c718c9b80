"""Public pages of 政民互动 on each site: write, follow by 查询码 and rate, disclosure lists, statistics."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orgs.lockout import client_address
from sites.services import profile_for_request

from . import lifecycle
from .deadlines import STATE_LABELS, deadline_state
from .forms import PUBLIC_KINDS, CaseForm, QueryForm, RatingForm
from .models import Case, Mailbox, MailboxKind
from .rules import setting
from .stats import chart_svg, column_labels, statistics, workbook

SESSION_CODE = "interaction_tracking_code"


def _site(request):
    profile = profile_for_request(request)
    if profile is None:
        raise Http404
    return profile


def over_rate_limit(ip, site_id):
    """Per-address limit on new cases (rules.yaml rate_limit), counted in the database so that every web
    process agrees."""
    limit = setting("rate_limit")
    since = timezone.now() - datetime.timedelta(seconds=limit["per_seconds"])
    return Case.objects.filter(submitter_ip=ip, site_id=site_id, received_at__gte=since).count() >= limit["submissions"]


def index(request):
    profile = _site(request)
    boxes = Mailbox.objects.filter(site_id=profile.site_id)
    return render(request, "interaction/index.html", {"mailboxes": boxes, "writable": [b for b in boxes if b.kind in PUBLIC_KINDS]})


@require_http_methods(["GET", "POST"])
def write(request):
    profile = _site(request)
    mailboxes = list(Mailbox.objects.filter(site_id=profile.site_id, kind__in=PUBLIC_KINDS))
    if not mailboxes:
        raise Http404
    ip = client_address(request)
    if request.method == "POST":
        key = request.POST.get("submission_key", "")
        existing = Case.objects.filter(submission_key=key, site_id=profile.site_id).first() if key else None
        if existing is not None:  # a double submit (second click, reload): the first case, not a new one
            request.session[SESSION_CODE] = existing.tracking_code
            return redirect("interaction:done")
        form = CaseForm(request.POST, request.FILES, mailboxes=mailboxes)
        if form.is_valid():
            if over_rate_limit(ip, profile.site_id):
                form.add_error(None, _("提交过于频繁，请稍后再试。"))
                return render(request, "interaction/write.html", {"form": form}, status=429)
            data = form.cleaned_data
            case, _created = lifecycle.submit(
                data["mailbox"], title=data["title"], content=data["content"], writer_name=data["writer_name"],
                phone=data["phone"], email=data["email"], attachment=data["attachment"],
                wants_public=data["wants_public"], submission_key=data["submission_key"], ip=ip,
            )
            request.session[SESSION_CODE] = case.tracking_code
            return redirect("interaction:done")
        form.data = form.data.copy()
        form.data["captcha_1"] = ""  # a new picture: the old answer is wrong for it
        return render(request, "interaction/write.html", {"form": form}, status=400)
    initial = {}
    kind = request.GET.get("type")
    for box in mailboxes:
        if box.kind == kind:
            initial["mailbox"] = str(box.pk)
    return render(request, "interaction/write.html", {"form": CaseForm(initial=initial, mailboxes=mailboxes)})


def done(request):
    code = request.session.get(SESSION_CODE)
    if not code:
        return redirect("interaction:query")
    case = get_object_or_404(Case, tracking_code=code)
    return render(request, "interaction/done.html", {"case": case})


PUBLIC_EVENT_ACTIONS = {"submit", "accept", "reject", "forward", "answer", "extend", "close", "rate", "external"}


@require_http_methods(["GET", "POST"])
def query(request):
    """Follow a case by its 查询码 (POSTed, so codes stay out of addresses and logs); rate the reply."""
    profile = _site(request)
    case, form, rating_form = None, QueryForm(), None
    if request.method == "POST":
        if "rating" in request.POST:
            rating_form = RatingForm(request.POST)
            code = request.POST.get("code", "").strip().upper()
            case = Case.objects.filter(tracking_code=code, site_id=profile.site_id).first()
            if case is not None and rating_form.is_valid():
                try:
                    case = lifecycle.rate(case, rating_form.cleaned_data["rating"], ip=client_address(request))
                except ValidationError as error:
                    rating_form.add_error(None, error)
        else:
            form = QueryForm(request.POST)
            if form.is_valid():
                case = Case.objects.filter(tracking_code=form.cleaned_data["code"], site_id=profile.site_id).first()
                if case is None:
                    form.add_error("code", _("没有找到此查询码对应的来信，请核对后重试。"))
        if case is not None:
            rating_form = rating_form or RatingForm(initial={"code": case.tracking_code})
    context = {"form": form, "case": case, "rating_form": rating_form}
    if case is not None:
        context["events"] = [e for e in case.events.all() if e.action in PUBLIC_EVENT_ACTIONS]
        context["deadline"] = STATE_LABELS.get(deadline_state(case))
        context["action_labels"] = lifecycle.ACTION_LABELS
    return render(request, "interaction/query.html", context)


def _mailbox(profile, kind):
    if kind not in MailboxKind.values:
        raise Http404
    return get_object_or_404(Mailbox, site_id=profile.site_id, kind=kind)


def disclosed(request, kind):
    """The public list: 受理日期, 答复日期, 答复部门 and the reply (001 第二十三条), searchable and filterable."""
    profile = _site(request)
    box = _mailbox(profile, kind)
    cases = box.cases.filter(is_public=True)
    q = request.GET.get("q", "").strip()
    if q:
        cases = cases.filter(Q(public_title__icontains=q) | Q(public_content__icontains=q) | Q(public_reply__icontains=q))
    department = request.GET.get("department", "").strip()
    if department:
        cases = cases.filter(reply_department_name__icontains=department)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(received_at__year=int(year))
    departments = sorted(set(box.cases.filter(is_public=True).exclude(reply_department_name="").values_list("reply_department_name", flat=True)))
    page = Paginator(cases.order_by("-received_at"), 20).get_page(request.GET.get("page"))
    return render(request, "interaction/list.html", {
        "mailbox": box, "page": page, "q": q, "department": department, "year": year, "departments": departments,
        "writable": box.kind in PUBLIC_KINDS,
    })


def detail(request, kind, pk):
    profile = _site(request)
    box = _mailbox(profile, kind)
    case = get_object_or_404(Case, pk=pk, mailbox=box, is_public=True)
    return render(request, "interaction/detail.html", {"mailbox": box, "case": case})


def _year(request):
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year


def stats_page(request):
    profile = _site(request)
    year = _year(request)
    data = statistics(Case.objects.filter(site_id=profile.site_id), year)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(workbook(data, year, profile.full_name),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="interaction-{profile.code}-{year}.xlsx"'
        return response
    return render(request, "interaction/stats.html", {
        "year": year, "stats": data, "labels": column_labels(), "chart": chart_svg(data["by_month"]),
        "groups": [(_("按月份"), data["by_month"]), (_("按类型"), data["by_type"]), (_("按答复部门"), data["by_department"])],
    })
