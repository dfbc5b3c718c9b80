"""The back office of 政民互动 in the Wagtail admin: the scoped case list, one case with the steps the user may
take, staff entry of reports (找错 from the national platform), and the statistics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from orgs.lockout import client_address
from orgs.permissions import user_site_ids

from . import access, lifecycle
from .deadlines import STATE_LABELS, deadline_state
from .forms import EntryForm, FindErrorImportForm
from .imports import ImportRefused, column_spec, find_error_mailboxes, import_find_error_reports
from .models import Assignment, Case
from .stats import chart_svg, column_labels, statistics, workbook


def menu_shown(request):
    return user_site_ids(request.user) is None or bool(user_site_ids(request.user))


class CaseListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/case_list.html"
    page_title = gettext_lazy("政民互动")
    header_icon = "mail"

    def get(self, request, *args, **kwargs):
        if not menu_shown(request):
            raise PermissionDenied
        cases = access.cases_for(request.user).select_related("mailbox", "site").prefetch_related("assignments__organization")
        status = request.GET.get("status", "")
        if status in Case.Status.values:
            cases = cases.filter(status=status)
        mailboxes = access.mailboxes_for(request.user).select_related("site")
        box = request.GET.get("mailbox", "")
        if box.isdigit():
            cases = cases.filter(mailbox_id=int(box))
        if user_site_ids(request.user):  # staff of a site opened its mailboxes (001 第二十三条: checked every day)
            mailboxes.update(last_opened_at=timezone.now())
        today = timezone.localdate()
        rows = [(case, STATE_LABELS.get(deadline_state(case, today))) for case in cases[:200]]
        return self.render_to_response(self.get_context_data(
            rows=rows, statuses=Case.Status.choices, mailboxes=mailboxes, selected=request.GET,
        ))


def _case(request, pk):
    case = get_object_or_404(Case.objects.select_related("mailbox", "site"), pk=pk)
    if not access.may_see(request.user, case):
        raise Http404
    return case


class CaseDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/case_detail.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("来信办理")

    def get(self, request, pk):
        case = _case(request, pk)
        user = request.user
        assignments = list(case.assignments.select_related("organization", "site", "drafted_by"))
        return self.render_to_response(self.get_context_data(
            case=case, deadline=STATE_LABELS.get(deadline_state(case)), events=case.events.select_related("user"),
            action_labels=lifecycle.ACTION_LABELS,
            may_manage=access.may_manage(user, case), may_forward=access.may_forward_from(user, case),
            targets=lifecycle.forward_targets(case) if access.may_forward_from(user, case) else [],
            assignments=[(a, access.may_draft(user, a), access.may_check(user, a)) for a in assignments],
            may_be_public=lifecycle.may_be_public(case), ratings=Case.Rating.choices,
        ))


def case_action(request, pk, step):
    """One POSTed step; refusals come back as a Chinese message and nothing changes."""
    action = step
    if request.method != "POST":
        raise Http404
    case = _case(request, pk)
    user, ip, post = request.user, client_address(request), request.POST
    try:
        if action == "accept":
            lifecycle.accept(case, user, ip)
        elif action == "reject":
            lifecycle.reject(case, user, post.get("reason", ""), ip)
        elif action == "forward":
            targets = []
            for value in post.getlist("target"):
                site_id, _sep, org_id = value.partition(":")
                if site_id.isdigit() and org_id.isdigit():
                    targets.append((int(site_id), int(org_id)))
            lifecycle.forward(case, user, targets, post.get("note", ""), ip)
        elif action in ("draft", "check", "return"):
            assignment = get_object_or_404(Assignment, pk=post.get("assignment", "0") or 0, case=case)
            if action == "draft":
                lifecycle.draft_reply(assignment, user, post.get("reply", ""), ip)
            elif action == "check":
                lifecycle.check_reply(assignment, user, post.get("decision") == "approve", post.get("note", ""), ip)
            else:
                lifecycle.return_assignment(assignment, user, post.get("reason", ""), ip)
        elif action == "extend":
            days = post.get("days", "")
            lifecycle.extend(case, user, int(days) if days.isdigit() else 0, post.get("reason", ""), ip)
        elif action == "publish":
            lifecycle.publish(case, user, post.get("public") != "0", ip)
        elif action == "untrue":
            lifecycle.mark_untrue(case, user, ip)
        elif action == "close":
            lifecycle.close(case, user, ip)
        else:
            raise Http404
        messages.success(request, _("已保存：%(a)s") % {"a": lifecycle.ACTION_LABELS.get(action, action)})
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    return redirect("interaction_case", pk=case.pk)


class EntryView(WagtailAdminTemplateMixin, TemplateView):
    """录入: a report received elsewhere (找错 from the national platform, 001 第三十五条) entered by the site's staff."""

    template_name = "interaction/admin/entry.html"
    page_title = gettext_lazy("录入来信")
    header_icon = "mail"

    def get(self, request):
        boxes = access.entry_mailboxes(request.user)
        if not boxes.exists():
            raise PermissionDenied
        return self.render_to_response(self.get_context_data(form=EntryForm(mailboxes=boxes)))

    def post(self, request):
        boxes = access.entry_mailboxes(request.user)
        if not boxes.exists():
            raise PermissionDenied
        form = EntryForm(request.POST, mailboxes=boxes)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        case, _created = lifecycle.submit(
            data["mailbox"], title=data["title"], content=data["content"], writer_name=data["writer_name"],
            phone=data["phone"], email=data["email"], external_id=data["external_id"],
            received_at=data["received_at"] or None, user=request.user, ip=client_address(request),
        )
        messages.success(request, _("已录入，查询码 %(c)s") % {"c": case.tracking_code})
        return redirect("interaction_case", pk=case.pk)


class FindErrorImportView(WagtailAdminTemplateMixin, TemplateView):
    """批量导入 of 找错 reports exported from the national platform (001 第三十五条), into the sites the user runs."""

    template_name = "interaction/admin/import.html"
    page_title = gettext_lazy("导入找错记录")
    header_icon = "upload"

    def _boxes(self, request):
        boxes = find_error_mailboxes(access.entry_mailboxes(request.user))
        if not boxes:
            raise PermissionDenied
        return boxes

    def get_context_data(self, **kwargs):
        columns = [(spec["headers"][0], spec["required"]) for spec in column_spec().values()]
        return super().get_context_data(columns=columns, **kwargs)

    def get(self, request):
        boxes = self._boxes(request)
        return self.render_to_response(self.get_context_data(form=FindErrorImportForm(), sites=boxes))

    def post(self, request):
        boxes = self._boxes(request)
        form = FindErrorImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created, existing = import_find_error_reports(
                    upload.name, upload.read(), boxes, user=request.user, ip=client_address(request))
            except ImportRefused as refused:
                errors = refused.errors
            else:
                messages.success(request, _("已导入 %(n)d 条找错记录；%(e)d 条此前已导入，未重复录入。") % {"n": created, "e": existing})
                return redirect("interaction_cases")
        return self.render_to_response(self.get_context_data(form=form, sites=boxes, errors=errors), status=400)


class StatsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/stats.html"
    page_title = gettext_lazy("政民互动统计")
    header_icon = "table"

    def get(self, request):
        if not menu_shown(request):
            raise PermissionDenied
        year = request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
        data = statistics(access.cases_for(request.user), year)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(workbook(data, year, _("政民互动")),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="interaction-{year}.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(
            year=year, stats=data, labels=column_labels(), chart=chart_svg(data["by_month"]),
            groups=[(_("按月份"), data["by_month"]), (_("按类型"), data["by_type"]), (_("按答复部门"), data["by_department"])],
        ))
