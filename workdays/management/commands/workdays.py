"""`manage.py workdays add DATE N` / `manage.py workdays is DATE` (DESIGN.md §3). Bad input: exit 2."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workdays.services import UnknownYear, add_workdays, is_workday


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期“%(d)s”无效，应写为 YYYY-MM-DD。") % {"d": text}, returncode=2) from None


class Command(BaseCommand):
    help = _("工作日计算：add DATE N 输出 DATE 之后第 N 个工作日；is DATE 输出 工作日 或 休息日。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("date")
        add.add_argument("n")
        check = sub.add_parser("is")
        check.add_argument("date")

    def run_from_argv(self, argv):
        # argparse errors (missing or extra arguments) are bad input too: exit 2 with a Chinese message.
        try:
            super().run_from_argv(argv)
        except SystemExit as exit_:
            if exit_.code not in (0, None):
                sys.exit(2)
            raise

    def handle(self, *args, action, date, n=None, **options):
        day = _date(date)
        try:
            if action == "add":
                if not str(n).isdigit():
                    raise CommandError(_("工作日数“%(n)s”无效，应为非负整数。") % {"n": n}, returncode=2)
                self.stdout.write(add_workdays(day, int(n)).isoformat())
            else:
                self.stdout.write(_("工作日") if is_workday(day) else _("休息日"))
        except UnknownYear as error:
            raise CommandError(str(error), returncode=2) from None
