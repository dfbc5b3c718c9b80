"""审批表 views (issue 8 part 6): the list per site, department and month with its xlsx export, one 审批表 in the
admin, printable HTML and PDF (WeasyPrint, Noto CJK from Debian's fonts-noto-cjk). Every lookup is scoped to the
person's sites (orgs.isolation): a 网站管理员 of site A never sees site B's, not even by id."""

from datetime import date
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from orgs.permissions import user_site_ids
from sites.models import SiteProfile

from .approval import approval_form, approval_states, export_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def visible_profiles(user):
    ids = user_site_ids(user)
    profiles = SiteProfile.objects.select_related("site").order_by("id")
    return profiles if ids is None else profiles.filter(site_id__in=ids)


def approvals_menu_shown(request):
    return visible_profiles(request.user).exists()


def _month(text):
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def form_in_user_sites(request, state_id):
    """The 审批表 of one WorkflowState, 404 when it is not an item of the person's sites."""
    state = approval_states(request.user).filter(pk=state_id).first()
    if state is None:
        raise Http404
    return approval_form(state)


class ApprovalListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "review/approval_list.html"
    page_title = gettext_lazy("上网信息发布审批表")
    header_icon = "clipboard-list"

    def get(self, request, *args, **kwargs):
        profiles = list(visible_profiles(request.user))
        if not profiles:
            raise PermissionDenied
        code = request.GET.get("site") or profiles[0].code
        profile = next((p for p in profiles if p.code == code), None)
        if profile is None:
            raise Http404
        month = _month(request.GET.get("month"))
        departments = list(profile.departments.order_by("id"))
        department_id = next((d.pk for d in departments if str(d.pk) == request.GET.get("department")), None)
        states = approval_states(request.user, site=profile.site, month=month, department_id=department_id)[:500]
        forms = [approval_form(state) for state in states]
        if request.GET.get("format") == "xlsx":
            return self._xlsx(profile, month, forms)
        context = self.get_context_data(
            profiles=profiles, profile=profile, forms=forms, departments=departments, department_id=department_id,
            month=request.GET.get("month", ""), query=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    def _xlsx(self, profile, month, forms):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("审批表")
        for row in export_rows(forms):
            sheet.append(row)
        for column in "ABCDEFGHIJKLMNOPQR":
            sheet.column_dimensions[column].width = 18
        out = BytesIO()
        book.save(out)
        filename = _("上网信息发布审批表-{code}-{month}.xlsx").format(code=profile.code, month=month.strftime("%Y-%m") if month else _("全部"))
        return HttpResponse(out.getvalue(), content_type=XLSX, headers={"Content-Disposition": content_disposition_header(True, filename)})


class ApprovalDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "review/approval_detail.html"
    page_title = gettext_lazy("上网信息发布审批表")
    header_icon = "clipboard-list"

    def get(self, request, workflow_state_id, *args, **kwargs):
        form = form_in_user_sites(request, workflow_state_id)
        return self.render_to_response(self.get_context_data(form=form))


def approval_print(request, workflow_state_id):
    form = form_in_user_sites(request, workflow_state_id)
    return HttpResponse(render_to_string("review/approval_print.html", {"form": form, "printable": True}, request=request))


def approval_pdf(request, workflow_state_id):
    from weasyprint import HTML

    form = form_in_user_sites(request, workflow_state_id)
    html = render_to_string("review/approval_print.html", {"form": form, "printable": False}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    filename = _("审批表-{id}.pdf").format(id=form.pk)
    return HttpResponse(pdf, content_type="application/pdf", headers={"Content-Disposition": content_disposition_header(True, filename)})

