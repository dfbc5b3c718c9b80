"""栏目更新督查 (网站管理员 workbench): every column of a site by status and department, with filters and an xlsx
export — the half-yearly 督促检查 list of 000 第十七条."""

from datetime import date
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from orgs.permissions import administered_site_ids
from workdays.services import Calendar

from .models import ColumnCategory
from .reminders import UNKNOWN, reminder_state
from .services import BLANK, LINK, OK, OVERDUE, SOON, column_status

ORDER = {OVERDUE: 0, SOON: 1, BLANK: 2, OK: 3, LINK: 4}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def administered_profiles(user):
    from sites.models import SiteProfile

    ids = administered_site_ids(user)
    profiles = SiteProfile.objects.select_related("site").order_by("id")
    return profiles if ids is None else profiles.filter(site_id__in=ids)


def status_menu_shown(request):
    return administered_profiles(request.user).exists()


class ColumnStatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "columns/admin/status_list.html"
    page_title = gettext_lazy("栏目更新督查")
    header_icon = "date"

    def get(self, request, *args, **kwargs):
        profiles = list(administered_profiles(request.user))
        if not profiles:
            raise PermissionDenied
        code = request.GET.get("site") or profiles[0].code
        profile = next((p for p in profiles if p.code == code), None)
        if profile is None:
            raise PermissionDenied
        at = self._date(request.GET.get("at"))
        report = column_status(profile, at=at)
        rows = self._filter(report.columns, request.GET)
        rows.sort(key=lambda c: (ORDER[c.status], c.responsible_names(), c.path))
        calendar = Calendar()
        undated = {c.column_id for c in rows if reminder_state(c, report.at, calendar=calendar) == UNKNOWN}
        if request.GET.get("format") == "xlsx":
            return self._xlsx(profile, report, rows, undated)
        departments = sorted({d["name"] for c in report.columns for d in c.departments})
        context = self.get_context_data(
            profiles=profiles, profile=profile, report=report, rows=rows, summary=report.sites[0],
            statuses=[OVERDUE, SOON, BLANK, OK, LINK], departments=departments, categories=ColumnCategory.choices,
            selected=request.GET, at=report.at, query=request.GET.urlencode(), undated=undated,
        )
        return self.render_to_response(context)

    def _date(self, text):
        if not text:
            return timezone.localdate()
        try:
            return date.fromisoformat(text)
        except ValueError:
            return timezone.localdate()

    def _filter(self, columns, params):
        rows = [c for c in columns if c.is_leaf or params.get("all")]
        if params.get("status"):
            rows = [c for c in rows if c.status == params["status"]]
        if params.get("department"):
            rows = [c for c in rows if any(d["name"] == params["department"] for d in c.departments)]
        if params.get("category"):
            rows = [c for c in rows if c.category == params["category"]]
        return rows

    def _xlsx(self, profile, report, rows, undated):
        from openpyxl import Workbook

        categories = dict(ColumnCategory.choices)
        book = Workbook()
        sheet = book.active
        sheet.title = _("栏目更新督查")
        sheet.append([_("网站"), _("栏目"), _("路径"), _("栏目类别"), _("更新周期（原文）"), _("适用规则"), _("最近更新"),
                      _("下次到期"), _("状态"), _("责任部门"), _("责任人"), _("信息管理员"), _("问题")])
        for c in rows:
            sheet.append([
                profile.full_name, c.title, c.url_path, str(categories.get(c.category, c.category)), c.update_cycle,
                c.rule.label, c.last_update, c.next_due, c.status, c.responsible_names(),
                "、".join(d["person"] for d in c.departments if d["person"]), c.info_managers(),
                c.cycle_error or (_("期限待定：提醒日所在年份尚无节假日安排") if c.column_id in undated else ""),
            ])
        for column, width in zip("ABCDEFGHIJKLM", (24, 24, 40, 12, 16, 24, 12, 12, 10, 24, 12, 20, 40)):
            sheet.column_dimensions[column].width = width
        out = BytesIO()
        book.save(out)
        filename = _("栏目更新督查-{code}-{at}.xlsx").format(code=profile.code, at=report.at.isoformat())
        return HttpResponse(out.getvalue(), content_type=XLSX,
                            headers={"Content-Disposition": content_disposition_header(True, filename)})


@require_POST
def mark_reminders_read(request):
    """A person marks their own column reminders read (nobody else's)."""
    from .reminders import mark_read

    n = mark_read(request.user)
    messages.success(request, _("已将 %(n)s 条栏目更新提醒标为已读。") % {"n": n})
    return redirect("wagtailadmin_home")
