"""python manage.py column_status --site CODE [--at YYYY-MM-DD] [--json] — every column's update status.

Contract (DESIGN.md §3): each column's cycle rule, last update, next due date and status (正常, 即将到期, 已超期,
空白栏目, 仅链接). With --json, one object {"at", "sites": [...], "columns": [...]}; without it, a Chinese table.
Without --site, the whole 站群. A bad site code or date: Chinese message on stderr, exit 2 (as check_content).
"""

import json
import re
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from columns.services import column_status


class BadInput(Exception):
    pass


def parse_date(text):
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise BadInput(_("日期格式错误：{text}（应为 YYYY-MM-DD，例如 2025-06-30）").format(text=text)) from None


class Command(BaseCommand):
    help = "栏目更新状态：更新周期、最近更新、下次到期日期与状态（正常、即将到期、已超期、空白栏目、仅链接）"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="CODE", help="网站简称代码（见 seeds/）；省略表示整个站群")
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="按哪一天结束时计算（默认今天）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        from sites.models import SiteProfile

        try:
            at = parse_date(options["at"]) if options.get("at") is not None else timezone.localdate()
            code = options.get("site")
            if code is not None and not SiteProfile.objects.filter(code=code).exists():
                raise BadInput(_("找不到网站：{code}（请使用 seeds/ 中的网站简称代码）").format(code=code))
        except BadInput as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        report = column_status(code, at=at)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self._table(report)

    def _table(self, report):
        for site in report.sites:
            self.stdout.write(_("{name}（{code}），{at} 栏目更新状态").format(name=site.name, code=site.code, at=report.at))
            for column in (c for c in report.columns if c.site_code == site.code):
                self.stdout.write("  ".join([
                    column.status,
                    column.url_path,
                    column.rule.label + (_("（周期无法识别）") if column.cycle_error else ""),
                    _("最近更新 {d}").format(d=column.last_update or "—"),
                    _("到期 {d}").format(d=column.next_due or "—"),
                    column.responsible_names() or "—",
                ]))
            counts = "，".join(f"{name} {n}" for name, n in site.counts.items())
            self.stdout.write(_("末级栏目：{counts}").format(counts=counts))
            for veto in site.vetoes:
                self.stdout.write(_("单项否决：{label} {count} 个（达到 {threshold} 个即否决；{source}）").format(**veto))
            if site.cycle_errors:
                self.stdout.write(_("更新周期无法识别的栏目：{n} 个").format(n=site.cycle_errors))
