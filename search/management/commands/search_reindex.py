from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Page

from search.indexing import MIN_DEPTH, rebuild
from search.text import reload_dictionary


class Command(BaseCommand):
    help = "重建站内搜索索引（全部已发布的公开页面，批量写入）"

    def handle(self, *args, **options):
        reload_dictionary()  # new site, unit and column names join the user dictionary
        total = Page.objects.filter(depth__gte=MIN_DEPTH, live=True).count()
        with tqdm(total=total, desc=_("重建索引"), unit=_("页"), disable=options["verbosity"] == 0) as bar:
            indexed = rebuild(progress=bar)
        self.stdout.write(_("已建立索引：%(indexed)d 个页面（共检查 %(total)d 个已发布页面）。") % {"indexed": indexed, "total": total})
