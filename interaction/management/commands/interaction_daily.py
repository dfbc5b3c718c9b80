"""`manage.py interaction_daily [--date YYYY-MM-DD]`: the daily round of reminders, escalations and alerts."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from interaction.reminders import daily_round


class Command(BaseCommand):
    help = _("政民互动每日巡查：到期提醒、超期上报网站管理员、信箱未查看提醒。")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("按此日期巡查（默认今天）"))

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(_("日期“%(d)s”无效，应写为 YYYY-MM-DD。") % {"d": date}, returncode=2) from None
        self.stdout.write(json.dumps(daily_round(today), ensure_ascii=False))
