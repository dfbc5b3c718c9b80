"""Statistics of 政民互动 (001 第二十三条: disclosure lists and statistics): by month, mailbox type and department —
received, answered, answered on time, average working days to answer, satisfaction."""

from collections import defaultdict

from django.utils.translation import gettext as _

from workdays.services import Calendar, UnknownYear

from .deadlines import answered_on_time, local_date
from .models import Case

COLUMNS = ["received", "answered", "on_time", "avg_days", "rated", "satisfied", "satisfaction"]


def column_labels():
    return [_("收到"), _("已答复"), _("按时答复"), _("平均答复用时（工作日）"), _("评价数"), _("满意与基本满意"), _("满意率")]


def _empty():
    return {"received": 0, "answered": 0, "on_time": 0, "days": [], "rated": 0, "satisfied": 0}


def _finish(row):
    days = row.pop("days")
    row["avg_days"] = round(sum(days) / len(days), 1) if days else None
    row["satisfaction"] = f"{100 * row['satisfied'] / row['rated']:.0f}%" if row["rated"] else None
    return row


def statistics(cases, year):
    """{"by_month": [(label, row)], "by_type": [...], "by_department": [...], "total": row} for one year."""
    calendar = Calendar()
    groups = {"by_month": defaultdict(_empty), "by_type": defaultdict(_empty), "by_department": defaultdict(_empty)}
    total = _empty()
    cases = cases.filter(received_at__year=year).exclude(status=Case.Status.REJECTED).select_related("mailbox")
    for case in cases:
        keys = {
            "by_month": _("%(m)02d月") % {"m": local_date(case.received_at).month},
            "by_type": case.mailbox.get_kind_display(),
            "by_department": case.reply_department_name or _("（未答复）"),
        }
        rows = [groups[g][k] for g, k in keys.items()] + [total]
        for row in rows:
            row["received"] += 1
        if case.replied_at:
            on_time = answered_on_time(case)
            try:
                days = calendar.between(local_date(case.received_at), local_date(case.replied_at))
            except UnknownYear:
                days = None
            for row in rows:
                row["answered"] += 1
                row["on_time"] += bool(on_time)
                if days is not None:
                    row["days"].append(days)
        if case.rating:
            for row in rows:
                row["rated"] += 1
                row["satisfied"] += case.rating in (Case.Rating.SATISFIED, Case.Rating.BASICALLY)
    result = {name: sorted((k, _finish(v)) for k, v in group.items()) for name, group in groups.items()}
    result["total"] = _finish(total)
    return result


def chart_svg(by_month, width=640, height=220):
    """A bar chart (received / answered per month) as inline SVG: no JavaScript, readable by screen readers."""
    months = [(f"{m:02d}月", dict(by_month).get(_("%(m)02d月") % {"m": m}, {"received": 0, "answered": 0})) for m in range(1, 13)]
    top = max([r["received"] for _m, r in months] + [1])
    slot = (width - 40) / 12
    bars = []
    names = {"received": _("收到"), "answered": _("已答复")}
    for i, (label, row) in enumerate(months):
        x = 30 + i * slot
        for j, (key, colour) in enumerate((("received", "#1f5fa8"), ("answered", "#3a9a4a"))):
            h = (height - 50) * row[key] / top
            bars.append(f'<rect x="{x + 4 + j * (slot / 2 - 4):.1f}" y="{height - 30 - h:.1f}" width="{slot / 2 - 6:.1f}" '
                        f'height="{h:.1f}" fill="{colour}"><title>{label} {names[key]} {row[key]}</title></rect>')
        bars.append(f'<text x="{x + slot / 2:.1f}" y="{height - 12}" font-size="11" text-anchor="middle">{label}</text>')
    title = _("各月收到与答复数量")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><title>{title}</title>{"".join(bars)}'
            f'<rect x="{width - 170}" y="6" width="10" height="10" fill="#1f5fa8"/><text x="{width - 155}" y="15" font-size="11">{_("收到")}</text>'
            f'<rect x="{width - 100}" y="6" width="10" height="10" fill="#3a9a4a"/><text x="{width - 85}" y="15" font-size="11">{_("已答复")}</text></svg>')


def workbook(stats, year, site_name):
    """The statistics as an xlsx workbook (bytes): one sheet per grouping."""
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    headers = column_labels()
    for name, title in (("by_month", _("按月份")), ("by_type", _("按类型")), ("by_department", _("按答复部门"))):
        sheet = book.create_sheet(title)
        sheet.append([f"{site_name} {year}年 政民互动统计（{title}）"])
        sheet.append([title, *headers])
        for label, row in stats[name]:
            sheet.append([label, *[row[c] for c in COLUMNS]])
        sheet.append([_("合计"), *[stats["total"][c] for c in COLUMNS]])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
