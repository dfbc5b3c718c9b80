"""`manage.py import_find_error FILE --user USERNAME`: import 找错 reports exported from the national platform
(001 第三十五条) into the 找错 mailboxes of the sites USERNAME runs; the whole file or nothing, exit 2 on refusal."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from interaction.access import entry_mailboxes
from interaction.imports import ImportRefused, find_error_mailboxes, import_find_error_reports


class Command(BaseCommand):
    help = _("从全国政府网站找错平台导出的 .xlsx/.csv 文件导入找错记录（整个文件全部正确才导入）。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("找错记录文件（.xlsx 或 .csv）"))
        parser.add_argument("--user", required=True, help=_("以此账号录入（须为所录网站的网站管理员）"))

    def handle(self, *args, file, user, **options):
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(_("账号“%(u)s”不存在或已停用。") % {"u": user}, returncode=2)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(f)s") % {"f": file}, returncode=2)
        boxes = find_error_mailboxes(entry_mailboxes(account))
        if not boxes:
            raise CommandError(_("账号“%(u)s”不是任何网站的网站管理员，不能导入找错记录。") % {"u": user}, returncode=2)
        try:
            created, existing = import_find_error_reports(path.name, path.read_bytes(), boxes, user=account)
        except ImportRefused as refused:
            raise CommandError("\n".join([_("文件未导入：")] + refused.errors), returncode=2) from None
        self.stdout.write(_("已导入 %(n)d 条找错记录；%(e)d 条此前已导入，未重复录入。") % {"n": created, "e": existing})
