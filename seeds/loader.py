"""Loading seed sites into the platform. Seed data bootstraps a site; after that its administrators own it.
A re-run adds what is new in the files and reports what differs; it never re-creates what an administrator
deleted nor overwrites what they changed (seeds.models.SeedRecord remembers what the seed created)."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin
from wagtail.models import Page, Site

from columns.models import ColumnPage, ColumnResponsibility
from columns.permissions import sync_site_permissions
from interaction.seeding import load_mailboxes
from orgs.models import Organization
from orgs.services import ensure_government, ensure_organization
from portal.models import HomePage
from review.chains import ensure_site_chains
from sites.models import SiteProfile
from sites.services import FILED_FIELDS, field_label, identity_errors, shared_collection, site_collection, value_display

from .models import SeedRecord
from .schema import LINE, SeedError, read_all

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



@dataclass
class LoadResult:
    """The loaded profiles and what the run did: `created` (new in the files, now on the platform) and `kept`
    (the files and the platform differ; the platform's state was kept), each a list of (site name, message)."""

    profiles: list = field(default_factory=list)
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    def __iter__(self):  # callers that only want the profiles
        return iter(self.profiles)

    def __len__(self):
        return len(self.profiles)


@transaction.atomic
def load(paths=None, progress=None):
    """Validate every file first, then load all of them in one transaction: a refusal stores nothing."""
    seed_sites = read_all(paths)
    result = LoadResult()
    for seed in seed_sites:
        result.profiles.append(_load_site(seed, result, progress))
    _ensure_default_site(result.profiles)
    shared_collection()
    for profile in result.profiles:
        sync_site_permissions(profile.site)
    return result


def _ensure_default_site(profiles):
    """A fresh platform answers unknown hosts with the province portal; a default chosen since is kept."""
    if Site.objects.filter(is_default_site=True, profile__isnull=False).exists():
        return
    default = SiteProfile.objects.filter(code=DEFAULT_SITE_CODE).first() or profiles[0]
    Site.objects.exclude(pk=default.site_id).filter(is_default_site=True).update(is_default_site=False)
    Site.objects.filter(pk=default.site_id).update(is_default_site=True)


class _SiteRun:
    """State of loading one seed file onto one site."""

    def __init__(self, seed, profile, result, departments, adopting, progress):
        self.seed, self.profile, self.result, self.departments = seed, profile, result, departments
        self.adopting, self.progress = adopting, progress
        self.records = {r.key: r for r in SeedRecord.objects.filter(profile=profile, kind=SeedRecord.Kind.COLUMN)}
        self.columns = ColumnPage.objects.prefetch_related("responsibilities").in_bulk(
            [r.page_id for r in self.records.values() if r.page_id]
        )
        self.fresh = not self.records and not adopting
        self.new_columns = 0
        self.visited = set()

    def created(self, message):
        self.result.created.append((self.profile.full_name, message))

    def kept(self, message):
        self.result.kept.append((self.profile.full_name, message))


def _load_site(seed, result, progress):
    data = seed.data
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

    parent = SiteProfile.objects.get(code=data["parent"]) if data.get("parent") else None
    values = _profile_values(seed, parent=parent, supervisor=supervisor, owner=owner, operator=operator)
    profile = SiteProfile.objects.filter(code=data["code"]).first()
    adopting = False
    if profile is None:
        profile = _create_site(seed, values, owner, result)
        profile.departments.set(set(departments.values()))
    else:
        record = SeedRecord.objects.filter(profile=profile, kind=SeedRecord.Kind.SITE).first()
        if record is None:
            # Loaded before the platform kept seed records: take the site as it is now for what the seed made.
            adopting = True
            SeedRecord.objects.create(
                profile=profile, kind=SeedRecord.Kind.SITE, page=profile.site.root_page, seeded=_as_json(values)
            )
        _compare_site(profile, values, record, result)
        new_units = set(departments.values()) - set(profile.departments.all())
        if new_units:
            profile.departments.add(*new_units)
            names = "、".join(sorted(unit.name for unit in new_units))
            result.created.append((profile.full_name, _("新增内容保障单位：%(units)s") % {"units": names}))
    site_collection(profile.site)
    load_mailboxes(profile, data.get("interaction"), departments, owner)
    run = _SiteRun(seed, profile, result, departments, adopting, progress)
    home = Page.objects.filter(pk=profile.site.root_page_id).first()
    _load_columns(run, home, data["columns"], key="", label="")
    for key, record in sorted(run.records.items()):
        if key not in run.visited and record.page_id is not None:
            column = run.columns[record.page_id]
            run.kept(_("种子文件中已没有栏目“%(c)s”，网站上保留。") % {"c": _column_path(column)})
    if run.fresh and run.new_columns:
        run.created(_("新建栏目 %(n)d 个") % {"n": run.new_columns})
    if ensure_site_chains(profile.site, data.get("review_chains"), code=profile.code, source_file=seed.data.get("source") or ""):
        run.created(_("新建审核流程（按审核级别）"))
    return profile


def _profile_values(seed, **units):
    data = seed.data
    identity, contact = data["identity"], data.get("contact") or {}
    unique = seed.identity()
    return dict(
        full_name=data["full_name"], site_code=unique["site_code"], icp=unique["icp"],
        police_record=unique["police_record"], party_gov_label=bool(identity.get("party_gov_label")),
        english_domain=unique["english_domain"], extra_english_domains=unique["extra_english_domains"],
        chinese_domain=unique["chinese_domain"], level=data["level"], kind=data["kind"],
        person_in_charge=contact.get("person", ""), contact_phone=contact.get("phone", ""),
        contact_email=contact.get("email", ""), contact_address=contact.get("address", ""),
        status=data.get("status", "running"), source=data.get("source") or "",
        example_fields=data.get("examples") or [], **units,
    )


def _as_json(values):
    """The filed fields of profile values (model instances as ids), as a SeedRecord keeps them."""
    out = {}
    for name in FILED_FIELDS:
        if name.endswith("_id"):
            value = values.get(name.removesuffix("_id"))
            out[name] = value.pk if value is not None else None
        else:
            out[name] = values[name]
    return out


def _create_site(seed, values, owner, result):
    data = seed.data
    errors = identity_errors(seed.identity(), owner=owner)
    if errors:
        field_name = next(iter(errors))
        section = data["domains"] if field_name.endswith("domain") or field_name.endswith("domains") else data["identity"]
        raise SeedError(seed.path, section[LINE], errors[field_name][0])
    home = _home_page(data)
    hostname = f"{data['code']}.{settings.GOVSITE_HOST_SUFFIX}"
    site, _created = Site.objects.update_or_create(
        hostname=hostname, port=80, defaults={"root_page": home, "site_name": data["full_name"]}
    )
    profile = SiteProfile.objects.create(code=data["code"], site=site, **values)
    SeedRecord.objects.create(profile=profile, kind=SeedRecord.Kind.SITE, page=home, seeded=_as_json(values))
    result.created.append((profile.full_name, _("新建网站（%(host)s）") % {"host": hostname}))
    return profile


def _compare_site(profile, values, record, result):
    """Report each filed field where the file and the site differ; the site keeps its value."""
    in_file = _as_json(values)
    seeded = record.seeded if record is not None else in_file
    for name in FILED_FIELDS:
        current = getattr(profile, name)
        if current == in_file[name]:
            continue
        result.kept.append((profile.full_name, _("网站信息“%(field)s”：种子文件为“%(file)s”，网站上为“%(site)s”（%(why)s），保留网站上的值。") % {
            "field": field_label(name), "file": value_display(name, in_file[name]),
            "site": value_display(name, current), "why": _why(current, in_file[name], seeded.get(name, in_file[name])),
        }))


def _why(current, in_file, seeded):
    if current != seeded and in_file == seeded:
        return _("网站管理员已修改")
    if current == seeded:
        return _("种子文件已更新")
    return _("网站管理员已修改，种子文件也已更新")


def _government(orgs):
    parent = None
    if orgs.get("government_parent"):
        spec = orgs["government_parent"]
        parent = ensure_government(spec["name"], division_code=spec["division_code"])
    spec = orgs["government"]
    return ensure_government(spec["name"], parent=parent, division_code=spec["division_code"])


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
    return home


COLUMN_FIELDS = (
    "title", "category", "description", "guarantee", "update_cycle", "maintained_by_all", "departments_text",
    "link_url", "show_in_menus",
)


def _column_fields(spec, top_level):
    return dict(
        title=spec["title"], category=spec.get("category", "other"), description=spec.get("description", "") or "",
        guarantee=spec.get("guarantee", "") or "", update_cycle=str(spec.get("cycle", "") or ""),
        maintained_by_all=spec.get("departments") == "all", departments_text=spec.get("departments_text", "") or "",
        link_url=spec.get("link_url", "") or "", show_in_menus=top_level,
    )


def _load_columns(run, parent, columns, *, key, label):
    """Walk the file's column tree beside the site's: create what is new, leave the rest as the site has it."""
    used = set()
    for spec in columns:
        slug = spec.get("slug") or slugify_title(spec["title"])
        base, n = slug, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        column_key = f"{key}/{slug}" if key else slug
        column_label = f"{label} / {spec['title']}" if label else spec["title"]
        fields = _column_fields(spec, top_level=not key)
        responsibilities = _wanted_responsibilities(spec, run.departments)
        column = _load_column(run, parent, slug, column_key, column_label, fields, responsibilities)
        if run.progress:
            run.progress.update(1)
        _load_columns(run, column, spec.get("children") or [], key=column_key, label=column_label)


def _load_column(run, parent, slug, key, label, fields, responsibilities):
    """The site's column for this seed entry, or None when there is none (deleted, or not created)."""
    run.visited.add(key)
    record = run.records.get(key)
    if record is not None:
        if record.page_id is None:
            run.kept(_("栏目“%(c)s”已被网站管理员删除，未重新创建。") % {"c": label})
            return None
        column = run.columns[record.page_id]
        _compare_column(run, column, parent, label, fields, responsibilities, record.seeded)
        return column
    if parent is None:
        run.kept(_("种子文件中的栏目“%(c)s”未创建：它的上级栏目已不在网站上。") % {"c": label})
        return None
    existing = ColumnPage.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        if run.adopting:
            _record_column(run, key, existing, fields, responsibilities)
            _compare_column(run, existing, parent, label, fields, responsibilities, None)
            return existing
        run.kept(
            _("种子文件中的新栏目“%(c)s”未创建：同一位置已有网站管理员建立的栏目“%(t)s”（%(s)s）。")
            % {"c": label, "t": existing.title, "s": slug}
        )
        return None
    if run.adopting:
        run.kept(
            _("栏目“%(c)s”不在网站上，未创建：该网站在平台记录种子载入情况之前已载入，无法判断是否为网站管理员删除。")
            % {"c": label}
        )
        _record_column(run, key, None, fields, responsibilities)  # from now on: deleted by an administrator
        return None
    column = parent.add_child(instance=ColumnPage(slug=slug, **fields))
    _set_responsibilities(column, responsibilities)
    _record_column(run, key, column, fields, responsibilities)
    run.new_columns += 1
    if not run.fresh:
        run.created(_("新建栏目“%(c)s”") % {"c": label})
    return column


def _record_column(run, key, column, fields, responsibilities):
    seeded = {**fields, "responsibilities": [list(r) for r in responsibilities]}
    run.records[key] = SeedRecord.objects.create(
        profile=run.profile, kind=SeedRecord.Kind.COLUMN, key=key, page=column, seeded=seeded
    )


def _compare_column(run, column, parent, label, fields, responsibilities, seeded):
    """Report where the file and the site's column differ (moved, a field, its 责任部门); change nothing."""
    seeded = seeded or {**fields, "responsibilities": [list(r) for r in responsibilities]}
    if parent is None or column.path[: -column.steplen] != parent.path:
        run.kept(_("栏目“%(c)s”已被网站管理员移到“%(p)s”，保留现位置。") % {"c": label, "p": _column_path(column)})
    for name in COLUMN_FIELDS:
        current, in_file = getattr(column, name), fields[name]
        if current == in_file:
            continue
        run.kept(_("栏目“%(c)s”的%(f)s：种子文件为“%(file)s”，网站上为“%(site)s”（%(why)s），保留网站上的值。") % {
            "c": label, "f": ColumnPage._meta.get_field(name).verbose_name, "file": _show(in_file), "site": _show(current),
            "why": _why(current, in_file, seeded.get(name, in_file)),
        })
    current = [list(r) for r in _current_responsibilities(column)]
    in_file = [list(r) for r in responsibilities]
    if current != in_file:
        run.kept(_("栏目“%(c)s”的责任部门：种子文件为“%(file)s”，网站上为“%(site)s”（%(why)s），保留网站上的值。") % {
            "c": label, "file": _show_responsibilities(in_file), "site": _show_responsibilities(current),
            "why": _why(current, in_file, seeded.get("responsibilities", in_file)),
        })


def _column_path(column):
    titles = [p.title for p in column.get_ancestors().type(ColumnPage)]
    return " / ".join([*titles, column.title])


def _show(value):
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value if value not in ("", None) else _("（空）")


def _show_responsibilities(rows):
    if not rows:
        return _("（无）")
    names = dict(Organization.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "name"))
    parts = []
    for org_id, person, managers in rows:
        extra = "，".join(filter(None, [person and _("责任人 %(p)s") % {"p": person}, managers and _("信息管理员 %(m)s") % {"m": managers}]))
        parts.append(f"{names.get(org_id, org_id)}（{extra}）" if extra else str(names.get(org_id, org_id)))
    return "、".join(parts)


def _wanted_responsibilities(spec, departments):
    entries = [] if spec.get("departments") in (None, "all") else spec["departments"]
    wanted = []
    for entry in entries:
        if isinstance(entry, dict):
            managers = entry.get("info_managers") or []
            managers = "、".join(managers) if isinstance(managers, list) else str(managers)
            wanted.append((departments[entry["name"]].pk, entry.get("person", "") or "", managers))
        else:
            wanted.append((departments[entry].pk, "", ""))
    return wanted


def _current_responsibilities(column):
    rows = sorted(column.responsibilities.all(), key=lambda r: (r.sort_order is None, r.sort_order or 0, r.pk))
    return [(r.organization_id, r.person, r.info_managers) for r in rows]


def _set_responsibilities(column, wanted):
    for order, (org_id, person, managers) in enumerate(wanted):
        ColumnResponsibility.objects.create(
            column=column, organization_id=org_id, person=person, info_managers=managers, sort_order=order
        )
