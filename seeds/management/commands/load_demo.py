import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from seeds import demo
from sites.services import all_profiles


class Command(BaseCommand):
    help = "为已载入的站点生成示例内容和每个角色的演示账号（密码在此时随机生成并打印）。"

    def add_arguments(self, parser):
        parser.add_argument("--accounts-file", help="把演示账号另存到该文件")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, accounts_file=None, port=8000, **options):
        profiles = demo.demo_profiles()
        if not profiles:
            from django.core.management.base import CommandError

            raise CommandError(_("还没有站点，请先运行 load_seed_sites。"))
        self.stdout.write(_("示例信息只加入种子建立、且从未有过内容的栏目；网站管理员建立的栏目和已有内容的栏目不加。"))
        for profile in profiles:
            created = demo.load_demo_content(profile)
            self.stdout.write(_("%(site)s：新增示例信息 %(n)d 条") % {"site": profile.full_name, "n": created})
        demo.serve_sites_on_port(profiles, port)
        rows = demo.create_demo_accounts(profiles)
        lines = [_("站点地址："), *[f"  http://{p.site.hostname}:{port}/  {p.full_name}" for p in all_profiles()],
                 f"  http://127.0.0.1:{port}/admin/  " + _("管理后台"), "", _("演示账号（用户名 / 密码 / 角色 / 网站 / 部门）：")]
        previous = ""
        if accounts_file and os.path.exists(accounts_file):
            with open(accounts_file, encoding="utf-8") as handle:
                previous = handle.read()
        lines += demo.account_lines(rows, previous)
        lines += ["", _("新账号的密码是初始密码，首次登录须修改（此后以本人设置的为准，本文件不记录）；已存在的账号保持原样：密码、角色、停用状态都不改。")]
        text = "\n".join(lines)
        self.stdout.write(text)
        if accounts_file:
            with open(accounts_file, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
