"""python manage.py inspect [--site CODE] [--json] [--daily] [--crawl] — one inspection round.

Contract (DESIGN.md §3): the JSON report holds, per site, the score by the 检查指标, every 单项否决 hit, and every
finding with its URL or column. A full round (default) checks everything; --daily reads only the last day's new
items. --crawl also crawls the site's own address for broken links (the weekly full round does). Bad site: exit 2.
"""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inspection.models import Round
from inspection.rounds import round_report, run_round


class Command(BaseCommand):
    help = "按检查指标对网站进行一轮检查：单项否决、扣分、全部问题及其栏目与责任部门，并更新整改任务"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="CODE", help="网站简称代码（见 seeds/）；省略表示整个站群")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--daily", action="store_true", help="日常检查：只检查最近一天新发布的信息")
        parser.add_argument("--crawl", action="store_true", help="同时抓取本站并检查链接")

    def handle(self, *args, **options):
        from sites.models import SiteProfile

        profiles = SiteProfile.objects.select_related("site").order_by("id")
        if options["site"] is not None:
            profiles = profiles.filter(code=options["site"])
            if not profiles.exists():
                self.stderr.write(_("找不到网站：{code}（请使用 seeds/ 中的网站简称代码）").format(code=options["site"]))
                raise SystemExit(2)
        kind = Round.Kind.DAILY if options["daily"] else Round.Kind.FULL
        reports = [round_report(run_round(p, kind=kind, crawl=options["crawl"])) for p in profiles]
        if options["json"]:
            self.stdout.write(json.dumps({"sites": reports}, ensure_ascii=False, indent=2))
            return
        for r in reports:
            verdict = _("合格") if r["passed"] else _("不合格")
            score = "-" if r["score"] is None else f"{r['score']:g}"
            self.stdout.write(_("{name}（{code}）：{verdict}，得分 {score}，单项否决 {v} 项，问题 {n} 个").format(
                name=r["name"], code=r["site"], verdict=verdict, score=score, v=len(r["vetoes"]), n=len(r["findings"])))
            for v in r["vetoes"]:
                self.stdout.write(_("  否决：{label}（{detail}）").format(**v))
            for f in r["findings"]:
                where = f["column"] or f["url"]
                self.stdout.write(f"  - {f['label']}：{f['detail']} [{where}] {f['department'] or ''}")
            for note in r["notes"]:
                self.stdout.write(_("  说明：{note}").format(note=note))
