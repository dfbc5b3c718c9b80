"""Demo content and demo accounts (示例), made from seeds/demo/content.yaml. Passwords are generated at
build time and never stored in the repo; they are initial passwords, changed at first login."""

import random
from datetime import timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from columns.models import ColumnCategory, ColumnPage
from content.models import ArticlePage, PolicyDocumentPage
from content.services import place_item
from orgs.models import Role
from orgs.services import assign_role, create_account
from sites.models import SiteProfile

from .models import SeedRecord

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "content.yaml"
NEWS_CATEGORIES = {ColumnCategory.NEWS, ColumnCategory.NOTICE}
SITE_ROLES = [Role.SITE_ADMIN, Role.EDITOR, Role.DIVISION_HEAD, Role.LEADER_IN_CHARGE, Role.PRINCIPAL]
DEPARTMENT_ROLES = {Role.EDITOR, Role.DIVISION_HEAD}


def _short_name(profile):
    return profile.full_name.removeprefix("宝鸡市").replace("人民政府", "政府")


def _body(paragraphs, site):
    return "".join(f"<p>{escape(p.format(site=site))}</p>" for p in paragraphs)


@transaction.atomic
def load_demo_content(profile, spec=None, now=None):
    """Example items spread over the last `months_back` months in the site's news and policy columns: only in
    leaf columns the seed created (SeedRecord) and that never got content. A column an administrator created
    gets none, and a column visited once (filled, or found with content) is never filled again, even after its
    items were deleted."""
    spec = spec or yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    now = now or timezone.now()
    rng = random.Random(profile.code)
    site = _short_name(profile)
    records = {
        r.page_id: r
        for r in SeedRecord.objects.filter(profile=profile, kind=SeedRecord.Kind.COLUMN, page__isnull=False)
    }
    columns = ColumnPage.objects.descendant_of(profile.site.root_page).filter(
        pk__in=list(records), category__in=[*NEWS_CATEGORIES, ColumnCategory.POLICY]
    )
    created = 0
    for column in columns:
        record = records[column.pk]
        if record.demo_content_done or column.get_children().exists():
            continue  # items go in leaf columns that never had any
        record.demo_content_done = True
        record.save(update_fields=["demo_content_done"])
        kind = "policy" if column.category == ColumnCategory.POLICY else column.category
        block = spec[kind]
        count = spec["policy_per_column"] if kind == "policy" else spec["per_column"]
        for i in range(count):
            when = now - timedelta(days=rng.randint(0, spec["months_back"] * 30), hours=rng.randint(0, 10))
            title = rng.choice(block["titles"]).format(site=site, month=f"{when.month}月", n=rng.randint(2, 30))
            common = dict(
                title=title, slug=f"demo-{column.pk}-{i}", publish_date=when, source=f"{profile.owner.name}（示例）",
                body=_body(block["paragraphs"], site), is_example=True,
            )
            if kind == "policy":
                item = PolicyDocumentPage(
                    **common, issuer=profile.owner.name, written_date=(when - timedelta(days=3)).date(),
                    document_number=block["number_prefix"].format(year=when.year) + f"{rng.randint(1, 60)}号",
                    index_number=f"{profile.site_code}/{when.year}-{rng.randint(1, 99999):05d}", topic="政务公开",
                )
            else:
                item = ArticlePage(**common)
            place_item(column, item)
            created += 1
    return created


def serve_sites_on_port(profiles, port):
    """The demo serves every site on one port (make demo: 8000). Registering each Site on that port makes the
    absolute links Wagtail builds — sitemaps, 站群导航, canonical links — carry it, so they work in the demo;
    in production the sites keep port 80/443 and their own domains. Saved one by one so Wagtail's cached site
    root paths and the public page cache hear of it."""
    changed = 0
    for profile in profiles:
        site = profile.site
        if site.port != port:
            site.port = port
            site.save(update_fields=["port"])
            changed += 1
    return changed


def _department_for_demo(profile):
    """The unit that maintains the most columns: its 信息员 and 处室负责人 get demo accounts."""
    counts = {}
    for column in ColumnPage.objects.descendant_of(profile.site.root_page).prefetch_related("responsibilities__organization"):
        for responsibility in column.responsibilities.all():
            counts[responsibility.organization] = counts.get(responsibility.organization, 0) + 1
    return max(counts, key=counts.get) if counts else profile.owner


KEPT = "（已存在，密码未改）"


@transaction.atomic
def create_demo_accounts(profiles):
    """One account per role per site, plus one platform administrator. Returns rows for printing:
    (username, password or None, role, site, department). A new account gets a random initial password that,
    like every initial password, must be changed at first login (003 第二十二条: 初始登陆口令). An account that
    already exists is left exactly as it is (password, roles, 停用): after set-up the site's administrators
    own it (issue 7 part 6); its row has no password."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    rows = []

    def account(username, full_name, role, site=None, organization=None):
        if User.objects.filter(username=username).exists():
            return None
        user, password = create_account(username, full_name=full_name, must_change=True)
        assign_role(user, role, site=site, organization=organization)
        return password

    password = account("platform_admin", "平台管理员", Role.PLATFORM_ADMIN)
    rows.append(("platform_admin", password, "平台管理员", "全平台", ""))
    for profile in profiles:
        department = _department_for_demo(profile)
        for role in SITE_ROLES:
            username = f"{profile.code}_{role}"
            org = department if role in DEPARTMENT_ROLES else None
            password = account(username, Role(role).label, role, site=profile.site, organization=org)
            rows.append((username, password, Role(role).label, profile.full_name, str(org or "")))
    return rows


def account_lines(rows, previous=""):
    """The account lines of the printout and the accounts file. An account kept from an earlier run shows the
    line the earlier file had for it (with the password written then), or KEPT when there was none."""
    earlier = {}
    for line in previous.splitlines():
        fields = line.strip().split("\t")
        if len(fields) >= 2 and fields[1] and fields[1] != KEPT:
            earlier[fields[0]] = line
    lines = []
    for username, password, role, site, org in rows:
        if password is None and username in earlier:
            lines.append(earlier[username])
        else:
            lines.append(f"  {username}\t{password or KEPT}\t{role}\t{site}\t{org}")
    return lines


def demo_profiles():
    return list(SiteProfile.objects.select_related("site", "owner").order_by("id"))
