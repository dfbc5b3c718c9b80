"""Loading seed sites into the platform, idempotently: run twice, same result."""

import re

from django.conf import settings
from django.db import transaction
from pypinyin import Style, lazy_pinyin
from wagtail.models import Page, Site

from columns.models import ColumnPage, ColumnResponsibility
from columns.permissions import sync_site_permissions
from orgs.models import Organization
from orgs.services import ensure_government, ensure_organization
from portal.models import HomePage
from sites.models import SiteProfile
from sites.services import shared_collection, site_collection

from .schema import read_all

DEFAULT_SITE_CODE = "hebei"


def slugify_title(title, max_length=48):
    """An ASCII slug from a Chinese title: full pinyin when short, initials when long."""
    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(title, errors="ignore")]
    slug = "-".join(filter(None, syllables))
    if len(slug) > max_length:
        slug = "".join(s[0] for s in lazy_pinyin(title, style=Style.FIRST_LETTER, errors="ignore") if s and s[0].isalnum())
    return (slug or "column")[:max_length].lower().strip("-")


def count_columns(seed_sites):
    def count(columns):
        return sum(1 + count(c.get("children") or []) for c in columns)

    return sum(count(site.data["columns"]) for site in seed_sites)


@transaction.atomic
def load(paths=None, progress=None):
    """Validate every file first, then load all of them in one transaction. Returns the profiles."""
    seed_sites = read_all(paths)
    profiles = []
    for seed in seed_sites:
        profiles.append(_load_site(seed.data, progress))
    default = SiteProfile.objects.filter(code=DEFAULT_SITE_CODE).first() or profiles[0]
    Site.objects.exclude(pk=default.site_id).filter(is_default_site=True).update(is_default_site=False)
    Site.objects.filter(pk=default.site_id).update(is_default_site=True)
    shared_collection()
    for profile in profiles:
        sync_site_permissions(profile.site)
    return profiles


def _load_site(data, progress):
    orgs = data["organizations"]
    government = _government(orgs)
    supervisor = _unit(orgs["supervisor"], government)
    owner = _unit(orgs["owner"], government)
    # An operator named after the owner (…办公厅信息中心) is one of its units; another (大数据局) is a government department.
    operator = _unit(orgs["operator"], owner if orgs["operator"].startswith(orgs["owner"]) else government)
    department_kind_parent = owner if data["kind"] == SiteProfile.Kind.DEPARTMENT else government
    departments = {}
    for dept in data.get("departments") or []:
        kind = dept.get("kind", Organization.Kind.DEPARTMENT)
        parent = owner if kind == Organization.Kind.DIVISION else department_kind_parent
        org = ensure_organization(
            dept.get("full_name") or dept["name"], kind=kind, parent=parent,
            short_name=dept["name"], aliases=dept.get("aliases") or [],
        )
        for name in [dept["name"], *(dept.get("aliases") or [])]:
            departments[name] = org

    home = _home_page(data)
    hostname = f"{data['code']}.{settings.GOVSITE_HOST_SUFFIX}"
    site, _ = Site.objects.update_or_create(
        hostname=hostname, port=80, defaults={"root_page": home, "site_name": data["full_name"]}
    )
    identity, domains, contact = data["identity"], data["domains"], data.get("contact") or {}
    parent = SiteProfile.objects.get(code=data["parent"]) if data.get("parent") else None
    profile, _ = SiteProfile.objects.update_or_create(
        code=data["code"],
        defaults=dict(
            site=site, full_name=data["full_name"], site_code=str(identity["site_code"]), icp=identity["icp"],
            police_record=identity["police_record"], party_gov_label=bool(identity.get("party_gov_label")),
            english_domain=domains["english"], extra_english_domains=domains.get("extra_english") or [],
            chinese_domain=domains.get("chinese") or "", level=data["level"], kind=data["kind"], parent=parent,
            supervisor=supervisor, owner=owner, operator=operator, person_in_charge=contact.get("person", ""),
            contact_phone=contact.get("phone", ""), contact_email=contact.get("email", ""),
            contact_address=contact.get("address", ""), status=data.get("status", "running"),
            source=data.get("source") or "", example_fields=data.get("examples") or [],
        ),
    )
    profile.departments.set(set(departments.values()))
    site_collection(site)
    _load_columns(home, data["columns"], departments, progress)
    return profile


def _government(orgs):
    parent = ensure_government(orgs["government_parent"]) if orgs.get("government_parent") else None
    return ensure_government(orgs["government"], parent=parent)


def _unit(name, government):
    if name == government.name:
        return government
    kind = Organization.Kind.OFFICE if name.endswith(("办公厅", "办公室")) else Organization.Kind.DEPARTMENT
    return ensure_organization(name, kind=kind, parent=government)


def _home_page(data):
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(slug=data["code"]).first()
    if home is None:
        home = root.add_child(instance=HomePage(title=data["full_name"], slug=data["code"]))
    elif home.title != data["full_name"]:
        home.title = data["full_name"]
        home.save()
    return home


def _load_columns(parent, columns, departments, progress):
    existing = {page.slug: page for page in ColumnPage.objects.child_of(parent)}
    used = set()
    for spec in columns:
        slug = spec.get("slug") or slugify_title(spec["title"])
        base, n = slug, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        fields = dict(
            title=spec["title"], category=spec.get("category", "other"), description=spec.get("description", "") or "",
            guarantee=spec.get("guarantee", "") or "", update_cycle=str(spec.get("cycle", "") or ""),
            maintained_by_all=spec.get("departments") == "all", departments_text=spec.get("departments_text", "") or "",
            link_url=spec.get("link_url", "") or "", show_in_menus=parent.depth == 2,
        )
        column = existing.get(slug)
        if column is None:
            column = parent.add_child(instance=ColumnPage(slug=slug, **fields))
        elif any(getattr(column, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(column, key, value)
            column.save()
        _set_responsibilities(column, spec, departments)
        if progress:
            progress.update(1)
        _load_columns(column, spec.get("children") or [], departments, progress)


def _set_responsibilities(column, spec, departments):
    entries = [] if spec.get("departments") in (None, "all") else spec["departments"]
    wanted = []
    for entry in entries:
        if isinstance(entry, dict):
            managers = entry.get("info_managers") or []
            managers = "、".join(managers) if isinstance(managers, list) else str(managers)
            wanted.append((departments[entry["name"]].pk, entry.get("person", "") or "", managers))
        else:
            wanted.append((departments[entry].pk, "", ""))
    current = [(r.organization_id, r.person, r.info_managers) for r in column.responsibilities.all().order_by("sort_order")]
    if current != wanted:
        ColumnResponsibility.objects.filter(column=column).delete()
        for order, (org_id, person, managers) in enumerate(wanted):
            ColumnResponsibility.objects.create(
                column=column, organization_id=org_id, person=person, info_managers=managers, sort_order=order
            )


