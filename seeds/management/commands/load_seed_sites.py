from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from seeds import loader
from seeds.schema import SeedError, read_all


class Command(BaseCommand):
    help = (
        "载入 seeds/ 下的种子站点。种子只用于建站：再次运行只新增种子文件中新出现的内容，"
        "不恢复网站管理员删除的栏目、不覆盖其修改，并列出种子文件与网站不同之处；任一文件有误则全部不载入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="种子文件（默认 seeds/*.yaml）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, files=(), no_progress=False, **options):
        try:
            total = loader.count_columns(read_all(files or None))
            with tqdm(total=total, desc=_("载入栏目"), unit="个", disable=no_progress, file=self.stderr) as bar:
                result = loader.load(files or None, progress=bar)
        except SeedError as error:
            raise CommandError(str(error)) from None
        except FileNotFoundError as error:
            raise CommandError(_("找不到种子文件：%(f)s") % {"f": error.filename}) from None
        for profile in result.profiles:
            self.stdout.write(f"{profile.code}\t{profile.site.hostname}\t{profile.full_name}")
        self.stdout.write(report_text(result))
        self.stdout.write(self.style.SUCCESS(
            _("已载入 %(n)d 个站点：新增 %(created)d 项，与种子文件不同而保留网站现状 %(kept)d 处。")
            % {"n": len(result.profiles), "created": len(result.created), "kept": len(result.kept)}
        ))


def report_text(result):
    lines = []
    if result.created:
        lines.append(_("新增："))
        lines += [f"  {site}：{message}" for site, message in result.created]
    if result.kept:
        lines.append(_("种子文件与网站不同，保留网站现状（网站管理员的删除和修改不会被撤销）："))
        lines += [f"  {site}：{message}" for site, message in result.kept]
    if not lines:
        lines.append(_("种子文件与网站一致，没有需要新增的内容。"))
    return "\n".join(lines)
