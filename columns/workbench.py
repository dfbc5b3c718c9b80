"""Workbenches on the admin dashboard (issue 9 part 5): a 信息员 sees the columns their department maintains with
due dates and a 发布 shortcut; a 处室负责人 sees their 处室's; a 网站管理员 sees their site's counts and the way to
the 栏目更新督查 list (000 第十七条). Everyone sees their unread column reminders. One column_status() per site
the person works on (a fixed handful of queries each), whatever the number of columns."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from orgs.models import Role
from workdays.services import Calendar
from orgs.permissions import administered_site_ids, all_assignments

from .feeds import feed_description, is_import_fed
from .reminders import UNKNOWN, reminder_state, unread_reminders
from .services import BLANK, LINK, OK, OVERDUE, SOON, column_status

ORDER = {OVERDUE: 0, BLANK: 1, SOON: 2, OK: 3, LINK: 4}
DEPARTMENT_ROLES = (Role.EDITOR, Role.DIVISION_HEAD)
ROW_LIMIT = 50  # per site; the 督查 list has them all


@dataclass
class WorkbenchRow:
    status: object  # status.ColumnStatus
    add_url: str | None  # the 发布 shortcut (None: fed by an import source, or only a link)
    explore_url: str
    feed: str = ""
    undated: bool = False  # 期限待定: its reminder day is in a year without a holiday table (workdays app)


@dataclass
class Workbench:
    profile: object
    heading: str
    rows: list = field(default_factory=list)
    more: int = 0


def _row(status, day, calendar):
    if status.status == LINK:
        add_url, feed = None, ""
    elif is_import_fed(status):
        add_url, feed = None, feed_description(status)
    else:
        add_url, feed = reverse("wagtailadmin_pages:add_subpage", args=[status.column_id]), ""
    return WorkbenchRow(status=status, add_url=add_url, explore_url=reverse("wagtailadmin_explore", args=[status.column_id]), feed=feed,
                        undated=reminder_state(status, day, calendar=calendar) == UNKNOWN)


def department_workbenches(user, at=None):
    """The columns each of the person's departments maintains, per site: 信息员 and 处室负责人 roles held for a
    department (a role without one is site-wide and has the 督查 list instead). Shared columns (各部门共同维护,
    002 附件2 注) are theirs too. Worst first: 已超期, 空白栏目, 即将到期, then by due date."""
    from sites.models import SiteProfile

    by_site = {}
    for a in all_assignments(user):
        if a.role in DEPARTMENT_ROLES and a.organization_id and a.site_id:
            roles, departments = by_site.setdefault(a.site_id, (set(), set()))
            roles.add(a.role)
            departments.add(a.organization_id)
    benches = []
    calendar = Calendar()  # one holiday-table read for every row
    for profile in SiteProfile.objects.filter(site_id__in=by_site).select_related("site__root_page").order_by("id"):
        roles, departments = by_site[profile.site_id]
        report = column_status(profile, at=at)
        mine = [
            c for c in report.columns
            if c.is_leaf and (c.maintained_by_all or any(d["id"] in departments for d in c.departments))
        ]
        rows = [_row(c, report.at, calendar) for c in mine]
        # 期限待定 (its reminder cannot be computed) ranks with 即将到期: someone has to look at it.
        rows.sort(key=lambda r: (ORDER[SOON] if r.undated else ORDER[r.status.status], r.status.next_due or report.at, r.status.path))
        heading = _("本处室负责的栏目") if Role.DIVISION_HEAD in roles else _("我负责的栏目")
        bench = Workbench(profile=profile, heading=f"{heading}（{profile.full_name}）")
        bench.rows = rows[:ROW_LIMIT]
        bench.more = max(0, len(rows) - ROW_LIMIT)
        benches.append(bench)
    return benches


def administered_summaries(user, at=None):
    """Per administered site: its 单项否决4 summary and the link to the 督查 list (platform admins: none here, the
    whole 站群 is one click away in the menu)."""
    from sites.models import SiteProfile

    ids = administered_site_ids(user)
    if not ids:
        return []
    out = []
    for profile in SiteProfile.objects.filter(site_id__in=ids).select_related("site__root_page").order_by("id"):
        summary = column_status(profile, at=at).sites[0]
        out.append({"profile": profile, "summary": summary, "url": f"{reverse('columns_status')}?site={profile.code}"})
    return out


class ColumnWorkbenchPanel(Component):
    name = "column_workbench"
    template_name = "columns/admin/workbench_panel.html"
    order = 90  # above Wagtail's own panels: a column falling due is the day's first task

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        reminders, unread = unread_reminders(request.user)
        return {
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
            "benches": department_workbenches(request.user),
            "summaries": administered_summaries(request.user),
            "reminders": reminders,
            "unread": unread,
            "statuses": {"overdue": OVERDUE, "blank": BLANK, "soon": SOON},
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not (context["benches"] or context["summaries"] or context["reminders"]):
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, context, request=context["request"])
