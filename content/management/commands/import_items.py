"""manage.py import_items --site CODE --column PATH FILE.jsonl (DESIGN §3)."""

import sys
from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from content.imports import ImportError_, import_items, parse_file, resolve_column
from orgs.permissions import is_site_admin
from sites.models import SiteProfile


def bulk_indexing():
    """The search index takes the whole file at once when the search app is installed."""
    try:
        from search.services import bulk_indexing as indexing
    except ImportError:
        return nullcontext()
    return indexing()


def sitemap_rebuilds():
    """The public sitemaps are rebuilt once per site after the file commits, not once per published item."""
    try:
        from portal.sitemaps import deferred_rebuilds
    except ImportError:
        return nullcontext()
    return deferred_rebuilds()


class Command(BaseCommand):
    help = "把一个网站原有的信息批量导入到某个栏目并发布（JSONL，每行一条；整个文件一个事务；可重复导入）"

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="网站代码，如 weibin")
        parser.add_argument("--column", required=True, help="栏目在该网站上的路径（如 /xin-wen/jin-ri-wei-bin/）或栏目 id")
        parser.add_argument("--user", help="导入人的账号（须为该网站的网站管理员或平台管理员）；信息记在此账号名下")
        parser.add_argument("file", help="JSONL 文件，每行一个 {title, body, publish_date?, source?, author?, old_url?, attachments?}；- 表示标准输入")

    def handle(self, *args, site, column, user, file, **options):
        profile = SiteProfile.objects.select_related("site").filter(code=site).first()
        if profile is None:
            raise CommandError(_("没有代码为“%(code)s”的网站。") % {"code": site}, returncode=2)
        target = resolve_column(profile.site, column)
        if target is None:
            raise CommandError(_("网站“%(site)s”没有可放信息的栏目“%(column)s”。") % {"site": profile.full_name, "column": column}, returncode=2)
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(_("没有账号“%(user)s”，或该账号已停用。") % {"user": user}, returncode=2)
            if not is_site_admin(account, profile.site.pk):
                raise CommandError(_("账号“%(user)s”不是“%(site)s”的网站管理员，不能导入。") % {"user": user, "site": profile.full_name}, returncode=2)
        try:
            lines = self._read(file)
            parsed = parse_file(lines)
            with tqdm(total=len(parsed), desc=_("导入"), unit=_("条"), disable=options["verbosity"] == 0, file=sys.stderr) as bar:
                with bulk_indexing(), sitemap_rebuilds():
                    summary = import_items(profile.site, target, parsed, user=account, source_file=file, progress=bar)
        except ImportError_ as error:
            raise CommandError(_("%(error)s 没有导入任何信息。") % {"error": error}, returncode=2)
        self.stdout.write(_("已导入到“%(column)s”：新增 %(created)d 条，更新 %(updated)d 条。") % {
            "column": target.title, "created": summary.created, "updated": summary.updated})

    def _read(self, file):
        try:
            if file == "-":
                return sys.stdin.read().splitlines()
            with open(file, encoding="utf-8-sig") as handle:
                return handle.read().splitlines()
        except OSError as error:
            raise CommandError(_("无法读取文件“%(file)s”：%(error)s") % {"file": file, "error": error.strerror}, returncode=2)
        except UnicodeDecodeError:
            raise CommandError(_("文件“%(file)s”不是 UTF-8 编码。") % {"file": file}, returncode=2)
