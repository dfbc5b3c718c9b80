from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from seeds import loader
from seeds.schema import SeedError, read_all


class Command(BaseCommand):
    help = "载入 seeds/ 下的种子站点（幂等：重复运行结果相同；任一文件有误则全部不载入）。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="种子文件（默认 seeds/*.yaml）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, files=(), no_progress=False, **options):
        try:
            total = loader.count_columns(read_all(files or None))
            with tqdm(total=total, desc=_("载入栏目"), unit="个", disable=no_progress, file=self.stderr) as bar:
                profiles = loader.load(files or None, progress=bar)
        except SeedError as error:
            raise CommandError(str(error)) from None
        except FileNotFoundError as error:
            raise CommandError(_("找不到种子文件：%(f)s") % {"f": error.filename}) from None
        for profile in profiles:
            self.stdout.write(f"{profile.code}\t{profile.site.hostname}\t{profile.full_name}")
        self.stdout.write(self.style.SUCCESS(_("已载入 %(n)d 个站点。") % {"n": len(profiles)}))
