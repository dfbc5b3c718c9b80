"""python manage.py column_reminders [--date YYYY-MM-DD] [--site CODE] — the daily column reminders.

Notices to the responsible 信息员 N working days (setting COLUMN_REMINDER_WORKDAYS) before a column falls due and
when it is overdue or blank; a weekly summary to each 网站管理员. Run it once a day (cron, or Celery beat with
REDIS_URL set); running it again the same day sends nothing twice. On a 休息日 it sends nothing. Bad input:
Chinese message, exit 2; an e-mail that could not be sent: exit 1 (its notice stays and is e-mailed next run);
a day or reminder day in a year without a holiday table (期限待定, workdays app): those reminders are not sent,
a Chinese message says which year the 网站管理员 must enter in 节假日安排, exit 1.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from columns.models import ColumnReminder
from columns.reminders import send_reminders

from .column_status import BadInput, parse_date


class Command(BaseCommand):
    help = "栏目更新提醒：到期前和超期时提醒责任信息员，每周向网站管理员发送汇总（同一天重复运行不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天发送（默认今天）")
        parser.add_argument("--site", metavar="CODE", help="只处理这个网站（默认全部网站）")

    def handle(self, *args, **options):
        from sites.models import SiteProfile

        try:
            day = parse_date(options["date"]) if options.get("date") is not None else timezone.localdate()
            code = options.get("site")
            if code is not None and not SiteProfile.objects.filter(code=code).exists():
                raise BadInput(_("找不到网站：{code}（请使用 seeds/ 中的网站简称代码）").format(code=code))
        except BadInput as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        outcome = send_reminders(day, site=code)
        if outcome.workday is False:
            self.stdout.write(_("{day} 是休息日，不发送提醒。").format(day=day))
            return
        labels = dict(ColumnReminder.Kind.choices)
        parts = [f"{labels[kind]} {outcome.created.get(kind, 0)}" for kind in ColumnReminder.Kind.values]
        self.stdout.write(_("{day}：新提醒 {total} 条（{parts}），发送邮件 {emailed} 封。").format(
            day=day, total=outcome.total(), parts="，".join(parts), emailed=outcome.emailed))
        if outcome.unknown_years:
            self.stderr.write(_("期限待定：{n} 个栏目的到期提醒无法计算，暂不发送（已超期、空白栏目照常提醒）。{why}").format(
                n=outcome.undated, why=outcome.unknown_year_message()))
        if outcome.email_failures:
            self.stderr.write(_("有 {n} 封邮件发送失败，提醒已保留在后台首页，下次运行时重发。").format(n=outcome.email_failures))
        if outcome.email_failures or outcome.unknown_years:
            raise SystemExit(1)
