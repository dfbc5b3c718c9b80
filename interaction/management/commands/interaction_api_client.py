"""`manage.py interaction_api_client --site CODE --name NAME`: a token for the 信访系统 (printed once)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from interaction.api import create_client
from sites.services import profile_by_code


class Command(BaseCommand):
    help = _("为信访系统创建接口令牌（只显示一次）。")

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True)
        parser.add_argument("--name", required=True)

    def handle(self, *args, site, name, **options):
        try:
            profile = profile_by_code(site)
        except Exception:
            raise CommandError(_("没有代码为“%(c)s”的网站。") % {"c": site}, returncode=2) from None
        _client, token = create_client(profile.site, name)
        self.stdout.write(token)
