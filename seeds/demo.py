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
from content.models import ArticlePage, ItemAttachment, PolicyDocumentPage
from content.services import place_item
from services.models import ServiceGuidePage
from orgs.models import Role
from orgs.services import assign_role, create_account
from review.chains import review_groups_of
from sites.models import SiteProfile
from sites.services import site_collection

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
        pk__in=list(records), category__in=[*NEWS_CATEGORIES, ColumnCategory.POLICY, *EXTRA_CATEGORIES]
    )
    # Policies first: 解读 name the policy they explain.
    columns = sorted(columns, key=lambda c: (c.category == ColumnCategory.INTERPRETATION, c.path))
    created = 0
    for column in columns:
        record = records[column.pk]
        if record.demo_content_done or column.get_children().exists():
            continue  # items go in leaf columns that never had any
        record.demo_content_done = True
        record.save(update_fields=["demo_content_done"])
        if column.category in EXTRA_CATEGORIES:
            created += EXTRA_CATEGORIES[column.category](profile, column, spec, rng, now, site)
            continue
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
            if kind == "policy" and i == 0:
                _attach(item, profile, spec["attachments"]["policy_sheet"].format(title=title), ["任务", "责任单位", "完成时限"])
            place_item(column, item)
            created += 1
    return created


def _spreadsheet(title, header):
    """A real .xlsx (made with openpyxl) for demo attachments: a table with its header row filled in."""
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "示例"
    sheet.append([title])
    sheet.append(header)
    sheet.append(["（本表为演示用示例）"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _attach(item, profile, title, header):
    """Attach a demo spreadsheet, stored in the site's own collection, to an item not yet placed."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    document = Document(title=title, collection=site_collection(profile.site))
    document.file.save(f"demo-{profile.code}.xlsx", ContentFile(_spreadsheet(title, header)), save=False)
    document.save()
    item.attachments.add(ItemAttachment(document=document, title=title))


def _listed(lines, site):
    return "<ol>" + "".join(f"<li>{escape(line.format(site=site))}</li>" for line in lines) + "</ol>"


def _service_guides(profile, column, spec, rng, now, site):
    """办事指南 (000 第十三条) in a service column, each with its 申请表 as 表格下载."""
    block = spec["service"]
    guides = rng.sample(block["guides"], k=min(block["per_column"], len(block["guides"])))
    for i, guide in enumerate(guides):
        fmt = {k: (v.format(site=site) if isinstance(v, str) else v) for k, v in guide.items()}
        item = ServiceGuidePage(
            title=fmt["title"], slug=f"demo-{column.pk}-{i}", is_example=True,
            publish_date=now - timedelta(days=rng.randint(0, 90)), source=f"{profile.owner.name}（示例）",
            legal_basis=f"<p>{escape(fmt['legal_basis'])}</p>", conditions=f"<p>{escape(fmt['conditions'])}</p>",
            materials=_listed(guide["materials"], site), body=_listed(guide["process"], site),
            time_limit=fmt["time_limit"], fees=fmt["fees"], place=fmt["place"], office_hours=fmt["office_hours"],
            phone=fmt["phone"], online_url=fmt["online_url"],
        )
        _attach(item, profile, spec["attachments"]["guide_form"].format(title=fmt["title"]), ["申请人", "联系电话", "申请事项"])
        place_item(column, item)
    return len(guides)


def _interpretations(profile, column, spec, rng, now, site):
    """解读 of the site's newest policies, each naming the policy it explains (001 第二十一条)."""
    block = spec["interpretation"]
    policies = PolicyDocumentPage.objects.descendant_of(profile.site.root_page).live().order_by("-publish_date")
    policies = [p for p in policies[: block["per_column"] * 3] if not p.interpretations.exists()][: block["per_column"]]
    for i, policy in enumerate(policies):
        name = policy.title
        item = ArticlePage(
            title=rng.choice(block["titles"]).format(policy=name), slug=f"demo-{column.pk}-{i}", is_example=True,
            publish_date=policy.publish_date + timedelta(hours=2), source=f"{profile.owner.name}（示例）",
            body="".join(f"<p>{escape(p.format(site=site, policy=name))}</p>" for p in block["paragraphs"]),
            interprets=policy,
        )
        place_item(column, item)
    return len(policies)


EXTRA_CATEGORIES = {ColumnCategory.SERVICE: _service_guides, ColumnCategory.INTERPRETATION: _interpretations}


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
        if role == Role.PRINCIPAL and site is not None:
            # 003 第十四条: 特殊、重大信息由信息化领导小组审批 — the demo 主要负责人 sits on the site's review groups.
            user.groups.add(*review_groups_of(site))
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
