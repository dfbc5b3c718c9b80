"""python manage.py check_content [FILE|-] [--json] [--site CODE] — the pre-publish checks on one text.

Contract (DESIGN.md §3): prints a JSON array of findings {"category", "severity", "start", "end", "match",
"message"} with --json, a readable Chinese table without it. Exit 0 with no blocking finding, 1 with one,
2 on bad input (binary file, invalid UTF-8, empty input, unknown file or site), with a Chinese message on
stderr.
"""

import json
import sys
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from review.checks import Finding, category_label, check_text, extract_urls, has_blocking, severity_label
from review.checks.base import BLOCK, LINK, WARN


class BadInput(Exception):
    pass


def read_input(source, stdin=None):
    """The text of FILE or of stdin ("-"), exactly as given (no newline translation)."""
    if source == "-":
        data = (stdin or sys.stdin.buffer).read()
    else:
        path = Path(source)
        if not path.is_file():
            raise BadInput(_("找不到输入文件：{path}").format(path=source))
        data = path.read_bytes()
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not data.strip():
        raise BadInput(_("输入为空，没有可检查的内容"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(_("输入是 UTF-16 编码的文本，请转换为 UTF-8 后再检查"))
    if b"\x00" in data:
        raise BadInput(_("输入不是文本（含有二进制数据），请提供 UTF-8 编码的纯文本或 HTML"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _("输入不是有效的 UTF-8 文本（第 {offset} 字节处无法解码），请转换为 UTF-8 后再检查").format(offset=exc.start)
        ) from exc
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 100):
        raise BadInput(_("输入不是文本（含有大量控制字符），请提供纯文本或 HTML"))
    if not text.replace("\ufeff", "").strip():
        raise BadInput(_("输入为空，没有可检查的内容"))
    return text


def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * max(0, width - _width(text))


def _clip(text, limit):
    text = text.replace("\n", "⏎").replace("\t", " ")
    out, used = "", 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1:
            return out + "…"
        out, used = out + ch, used + w
    return out


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = "发布前内容检查：密级标志、违禁与敏感词、个人信息、严重错误、格式、标题重复、链接"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="要检查的文件（纯文本或 HTML，UTF-8）；“-”或省略表示标准输入")
        parser.add_argument("--json", action="store_true", help="以 JSON 数组输出检查结果")
        parser.add_argument("--site", metavar="CODE", help="网站简称代码：应用该站词库、链接与格式设置，并检查标题重复")
        parser.add_argument("--title", help="标题（默认取 HTML 的 <title>/<h1> 或纯文本首行）")
        parser.add_argument("--page-id", type=int, help="正在编辑的页面 ID（标题查重时排除自身）")
        parser.add_argument("--dead-links", action="store_true", help="同时检查死链（后台任务，短超时）")
        parser.add_argument("--timeout", type=float, default=5.0, help="死链检查每个链接的超时秒数")

    def handle(self, *args, **options):
        try:
            text = read_input(options["file"], options.get("stdin"))
            site = self._site(options.get("site"))
        except BadInput as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        findings = check_text(text, site, title=options.get("title"), page_id=options.get("page_id"))
        if options["dead_links"]:
            findings = sorted(findings + self._dead_links(text, options["timeout"]), key=lambda f: (f.start, f.end))
        if options["json"]:
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        else:
            self._table(findings)
        if has_blocking(findings):
            raise SystemExit(1)

    def _site(self, code):
        if not code:
            return None
        from sites.models import SiteProfile

        profile = SiteProfile.objects.select_related("site").filter(code=code).first()
        if profile is None:
            raise BadInput(_("找不到网站：{code}（请使用 seeds/ 中的网站简称代码）").format(code=code))
        return profile.site

    def _dead_links(self, text, timeout):
        from review.tasks import check_dead_links

        spans = {}
        for start, end, url in extract_urls(text):
            if url.lower().startswith(("http://", "https://")):
                spans.setdefault(url, []).append((start, end))
        if not spans:
            return []
        result = check_dead_links.delay(list(spans), timeout=timeout)
        try:
            dead = result.get(timeout=timeout * len(spans) + 10)
        except Exception:  # noqa: BLE001 - no worker answered (celery.exceptions.TimeoutError) or the task failed
            self.stderr.write(_("死链检查未能完成（后台任务没有返回结果），本次结果不含死链。"))
            return []
        out = []
        for item in dead:
            reason = f"HTTP {item['status']}" if item["status"] else item["error"]
            for start, end in spans[item["url"]]:
                message = _("链接无法访问（{reason}），请修正或删除").format(reason=reason)
                out.append(Finding(LINK, WARN, start, end, item["url"], message))
        return out

    def _table(self, findings):
        if not findings:
            self.stdout.write(_("检查完成：未发现问题。"))
            return
        headers = [_("位置"), _("类别"), _("级别"), _("内容"), _("说明")]
        rows = [
            [f"{f.start}-{f.end}", category_label(f.category), severity_label(f.severity), _clip(f.match, 24), f.message]
            for f in findings
        ]
        widths = [max(_width(r[i]) for r in rows + [headers]) for i in range(4)]
        self.stdout.write("  ".join(_pad(h, w) for h, w in zip(headers, widths)) + "  " + headers[4])
        for row in rows:
            self.stdout.write("  ".join(_pad(c, w) for c, w in zip(row, widths)) + "  " + row[4])
        blocking = sum(1 for f in findings if f.severity == BLOCK)
        summary = _("共 {n} 处问题，其中 {b} 处禁止发布。").format(n=len(findings), b=blocking)
        self.stdout.write(summary)
