"""python manage.py column_tally [--check] — the per-page item tallies column_status() reads (columns/tally.py).

Without options: rebuild every tally from the items (after writing items outside Django, e.g. a bulk COPY; the
migration that adds the tallies runs it once). `--check`: compare the tallies with a recount and list the pages
that differ; exit 1 when any does, 0 when all match.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from columns import tally


class Command(BaseCommand):
    help = "栏目信息统计：按信息重新统计各栏目的最近发布时间和信息数（--check 只核对不修改）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对统计是否与信息一致，不修改")

    def handle(self, *args, **options):
        if options["check"]:
            diffs = tally.differences()
            for path, stored, counted in diffs[:50]:
                self.stdout.write(_("不一致：页面路径 {path}，统计 {stored}，实际 {counted}").format(
                    path=path, stored=_summary(stored), counted=_summary(counted)))
            if diffs:
                self.stderr.write(_("有 {n} 个页面的信息统计与信息不一致：请运行 manage.py column_tally 重建。").format(n=len(diffs)))
                raise SystemExit(1)
            self.stdout.write(_("信息统计与信息一致。"))
            return
        n = tally.rebuild()
        self.stdout.write(_("已重建 {n} 个页面的信息统计。").format(n=n))


def _summary(entry):
    if entry is None:
        return _("无")
    latest, count, _undated, _recent = entry
    return _("{count} 条，最近 {latest}").format(count=count, latest=latest.isoformat() if latest else "—")
