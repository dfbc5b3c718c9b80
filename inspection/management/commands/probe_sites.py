"""python manage.py probe_sites [--site CODE] — one availability probe of each site's home and key pages
(检查指标 单项否决2); Celery beat runs the same every few minutes. Bad site: exit 2."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inspection.probes import probe_site


class Command(BaseCommand):
    help = "可用性监测：访问各网站首页与重点页面一次并记录；连续两次失败告警"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="CODE", help="网站简称代码；省略表示整个站群")

    def handle(self, *args, **options):
        from sites.models import SiteProfile

        profiles = SiteProfile.objects.select_related("site").order_by("id")
        if options["site"] is not None:
            profiles = profiles.filter(code=options["site"])
            if not profiles.exists():
                self.stderr.write(_("找不到网站：{code}").format(code=options["site"]))
                raise SystemExit(2)
        failed = 0
        for profile in profiles:
            probes, alert = probe_site(profile.site)
            for probe in probes:
                state = _("正常") if probe.ok else _("失败：{e}").format(e=probe.error)
                self.stdout.write(f"{profile.code} {probe.url} {state}")
            failed += not probes[0].ok
            if alert:
                self.stdout.write(_("已告警：{m}").format(m=alert.message))
        if failed:
            raise SystemExit(1)
