"""python manage.py review_chain --site CODE --tier general|sensitive|major|special [--column PATH] [--json]

Contract (DESIGN.md §3): the review chain that applies, in order, as read from the site's Workflows (what the
网站管理员 may have changed since the seed): [{"step", "role", "unit", "label", "source"}] — `role` an orgs.Role
value or `group:<name>`, `unit` the reviewing unit's full name or null for the drafter's own. A tier the site does
not define falls back as its seed says. PATH is the column's URL path on the site (e.g. /zwgk/zcwj/) or its page
id; a column whose 保障方式 adds a step (004 审核发布) shows it. Bad site, tier or column: Chinese error, exit 2."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from review.chains import TIERS, chain_for, describe_steps, tier_label


class BadInput(Exception):
    pass


def find_column(site, path):
    from columns.models import ColumnPage

    columns = ColumnPage.objects.descendant_of(site.root_page)
    if path.strip().isdigit():
        column = columns.filter(pk=int(path)).first()
    else:
        parts = [p for p in path.strip().split("/") if p]
        column = columns.filter(url_path=site.root_page.url_path + "".join(f"{p}/" for p in parts)).first() if parts else None
    if column is None:
        raise BadInput(_("网站“%(s)s”没有栏目“%(p)s”（请写栏目在本站的网址路径，如 /zwgk/zcwj/，或栏目 ID）。") % {"s": site.site_name, "p": path})
    return column


class Command(BaseCommand):
    help = "打印某网站某审核级别（及栏目）适用的审核链。"

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, metavar="CODE", help="网站简称代码，如 weibin")
        parser.add_argument("--tier", required=True, help="审核级别：general（一般）、sensitive（敏感）、major（重大）、special（特殊）")
        parser.add_argument("--column", metavar="PATH", help="栏目在本站的网址路径或栏目 ID")
        parser.add_argument("--json", action="store_true", help="以 JSON 数组输出")

    def handle(self, *args, **options):
        from sites.models import SiteProfile

        try:
            profile = SiteProfile.objects.select_related("site", "owner").filter(code=options["site"]).first()
            if profile is None:
                raise BadInput(_("找不到网站：%(c)s（请使用 seeds/ 中的网站简称代码）。") % {"c": options["site"]})
            tier = options["tier"]
            if tier not in TIERS:
                raise BadInput(_("审核级别“%(t)s”无效，应为 %(v)s。") % {"t": tier, "v": "、".join(TIERS)})
            column = find_column(profile.site, options["column"]) if options.get("column") else None
        except BadInput as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        chain = chain_for(profile.site, tier, column)
        steps = describe_steps(profile.site, chain) if chain is not None else []
        if options["json"]:
            self.stdout.write(json.dumps(steps, ensure_ascii=False, indent=2))
            return
        heading = _("%(s)s · %(t)s信息审核链") % {"s": profile.full_name, "t": tier_label(tier)}
        if chain is not None and chain.fallback_of:
            heading += _("（本站未单独规定，沿用“%(f)s”）") % {"f": tier_label(chain.fallback_of)}
        self.stdout.write(heading)
        for step in steps:
            self.stdout.write(f"  {step['step']}. {step['label']}  [{step['role']}] {step['unit'] or _('本部门')}  {step['source']}")
