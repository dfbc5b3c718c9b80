"""python manage.py check_links URL [--max-pages N] [--json] — crawl a site and report its broken links.

Contract (DESIGN.md §3): crawl from URL within its host (other hosts are checked, not crawled) and report
{"pages": N, "broken": [{"url", "status", "error", "referrers"}]} (each entry also says `on_home` and its redirect
chain), one entry per broken URL with every page that links to it; exit 1 when anything is broken, 2 on bad input.
"""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inspection.crawler import Crawler, Settings
from inspection.urlnorm import canonical


class Command(BaseCommand):
    help = "从起始网址抓取本站页面，检查全部链接（站外链接只检查不抓取），列出每个失效链接及引用它的页面"

    def add_arguments(self, parser):
        parser.add_argument("url", help="起始网址，例如 http://weibin.localhost:8000/")
        parser.add_argument("--max-pages", type=int, default=None, help="最多抓取的本站页面数")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--timeout", type=float, default=15.0, help="单个请求超时秒数（默认 15，检查指标口径）")
        parser.add_argument("--per-host", type=int, default=8, help="对同一主机同时进行的请求数上限（默认 8）")
        parser.add_argument("--rate", type=float, default=0.0, help="对同一主机每秒请求数上限（默认 0 = 不限）")
        parser.add_argument("--host", action="append", default=[], help="也属于本站、需要抓取的其他主机名（可重复）")

    def handle(self, *args, **options):
        problems = []
        if canonical(options["url"]) is None:
            problems.append(_("起始地址无效：{url}（应为 http:// 或 https:// 开头的网址）").format(url=options["url"]))
        for name, value, allow_zero in (("--max-pages", options["max_pages"], False), ("--timeout", options["timeout"], False),
                                        ("--per-host", options["per_host"], False), ("--rate", options["rate"], True)):
            if value is not None and (value < 0 or (value == 0 and not allow_zero)):
                problems.append(_("参数 {name} 应为正数：{value}").format(name=name, value=value))
        if problems:
            self.stderr.write("\n".join(problems))
            raise SystemExit(2)
        settings = Settings(timeout=options["timeout"], per_host=options["per_host"], rate=options["rate"],
                            max_pages=options["max_pages"])
        report = Crawler(options["url"], hosts=options["host"], settings=settings).run_sync()
        broken = report.broken()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_("抓取页面 {pages} 个，检查链接 {checked} 个，失效 {broken} 个，用时 {seconds:.1f} 秒").format(
                pages=report.pages, checked=report.checked, broken=len(broken), seconds=report.seconds))
            for row in broken:
                where = _("（首页）") if row["on_home"] else ""
                self.stdout.write(f"{row['readable_url']}  {row['status'] or '-'}  {row['error']}{where}")
                for referrer in row["referrers"]:
                    self.stdout.write(_("    引用页面：{url}").format(url=referrer))
        if broken:
            raise SystemExit(1)
