"""Reports generated from the rounds: the quarterly 检查情况/整改情况 (001 第三十二条: a full check every quarter,
results and rectification published by the end of Feb, May, Aug, Nov) and the half-yearly department 通报
(000 第十七条). Each is a table (rows of plain values) exported as xlsx (openpyxl) or PDF (WeasyPrint)."""

from datetime import date, datetime, time
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Finding, Rectification, Round


def _span(start, end):
    tz = timezone.get_default_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end, time.min), tz))


def quarter_span(year, quarter):
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return _span(start, end)


def half_span(year, half):
    return _span(date(year, 1 if half == 1 else 7, 1), date(year + (half == 2), 7 if half == 1 else 1, 1))


def quarterly(profiles, year, quarter):
    """One row per site: rounds, last score and verdict, vetoes hit, problems found, rectification opened,
    closed, still open, escalated."""
    start, end = quarter_span(year, quarter)
    headers = [_("网站"), _("检查次数"), _("最近一次得分"), _("最近一次结论"), _("单项否决（次）"), _("发现问题（个）"),
               _("整改任务"), _("已整改"), _("整改中"), _("逾期上报")]
    rows = []
    for profile in profiles:
        rounds = Round.objects.filter(site=profile.site, at__gte=start, at__lt=end)
        last = rounds.order_by("-at").first()
        tasks = Rectification.objects.filter(site=profile.site, first_finding__round__at__gte=start,
                                             first_finding__round__at__lt=end)
        rows.append([
            profile.full_name, rounds.count(), "-" if not last or last.score is None else last.score,
            "-" if not last else (_("合格") if last.passed else _("不合格")),
            sum(len(r.vetoes) for r in rounds), Finding.objects.filter(round__in=rounds).values("key").distinct().count(),
            tasks.count(), tasks.filter(status="closed").count(), tasks.filter(status="open").count(),
            tasks.filter(status="escalated").count(),
        ])
    title = _("{year}年第{q}季度政府网站检查情况及整改情况").format(year=year, q=quarter)
    return title, headers, rows


def department_bulletin(profile, year, half):
    """One row per responsible department of a site: problems, tasks, closed on time, overdue, closure rate."""
    start, end = half_span(year, half)
    tasks = Rectification.objects.filter(site=profile.site, first_finding__round__at__gte=start,
                                         first_finding__round__at__lt=end).select_related("department")
    by_department = {}
    for task in tasks:
        name = task.department.name if task.department else _("未明确责任部门")
        row = by_department.setdefault(name, {"total": 0, "closed": 0, "on_time": 0, "escalated": 0})
        row["total"] += 1
        row["closed"] += task.status == "closed"
        row["on_time"] += task.status == "closed" and task.due is not None and timezone.localtime(task.closed_at).date() <= task.due
        row["escalated"] += task.status == "escalated" or (task.status == "closed" and task.escalated_at is not None)
    headers = [_("责任部门"), _("问题（个）"), _("已整改"), _("按期整改"), _("逾期上报"), _("整改率")]
    rows = [[name, r["total"], r["closed"], r["on_time"], r["escalated"], f"{r['closed'] / r['total']:.0%}"]
            for name, r in sorted(by_department.items(), key=lambda item: (-item[1]["escalated"], item[0]))]
    title = _("{name}{year}年{half}网站检查情况部门通报").format(
        name=profile.full_name, year=year, half=_("上半年") if half == 1 else _("下半年"))
    return title, headers, rows


def as_xlsx(title, headers, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for index in range(len(headers)):
        sheet.column_dimensions[chr(ord("A") + index)].width = 26 if index == 0 else 14
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def as_pdf(title, headers, rows):
    from weasyprint import HTML

    html = render_to_string("inspection/report_pdf.html", {"title": title, "headers": headers, "rows": rows,
                                                            "generated": timezone.localtime()})
    return HTML(string=html).write_pdf()
