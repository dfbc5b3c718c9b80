"""The 站群 registry: site identity, 备案 history. Other apps read and change sites only through here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from .identity import UNIQUE_IDENTITY_LABELS, domain_warnings, identity_clashes, site_code_region_error
from .models import SiteProfile

FILING_ACTION = "govsite.filing"

# 001 第十七条: a change of 主办单位, 负责人, 联系方式, 域名 or 栏目主体结构 must be 备案 with the supervising office.
FILED_FIELDS = [
    "full_name", "site_code", "icp", "police_record", "party_gov_label", "english_domain",
    "extra_english_domains", "chinese_domain", "supervisor_id", "owner_id", "operator_id",
    "person_in_charge", "contact_phone", "contact_email", "contact_address", "status", "parent_id", "level", "kind",
]


# Keys of the changes record_filing keeps for a column-structure entry (written by columns.wagtail_hooks).
COLUMN_STRUCTURE_LABELS = {
    "created": gettext_lazy("新增栏目"),
    "moved": gettext_lazy("移动栏目"),
    "deleted": gettext_lazy("删除栏目"),
    "closed": gettext_lazy("关闭栏目"),
    "opened": gettext_lazy("重新开放栏目"),
    "renamed": gettext_lazy("栏目更名"),
    "restricted": gettext_lazy("设置栏目访问限制"),
    "unrestricted": gettext_lazy("取消栏目访问限制"),
    "merged": gettext_lazy("合并栏目"),
    "items_moved": gettext_lazy("栏目信息转移"),
}


def field_label(name):
    """The Chinese label of a filed field (or column-structure change) as the 备案记录 shows it."""
    if name in COLUMN_STRUCTURE_LABELS:
        return COLUMN_STRUCTURE_LABELS[name]
    try:
        return SiteProfile._meta.get_field(name.removesuffix("_id")).verbose_name
    except Exception:
        return name


def value_display(name, value):
    """A filed value as people read it: units by name, choices by label, lists joined, 是/否."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    field_name = name.removesuffix("_id")
    try:
        field = SiteProfile._meta.get_field(field_name)
    except Exception:
        return value if not isinstance(value, list) else "、".join(map(str, value))
    if field.is_relation and name.endswith("_id"):
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else value
    if field.choices:
        return dict(field.choices).get(value, value)
    return value if not isinstance(value, list) else "、".join(map(str, value))


def profile_for_site(site):
    if site is None:
        return None
    try:
        return site.profile
    except SiteProfile.DoesNotExist:
        return None


def profile_for_request(request):
    """The profile of the site a request is for, with the units its header and footer show; once per request."""
    if not hasattr(request, "_site_profile"):
        site = Site.find_for_request(request)
        request._site_profile = (
            SiteProfile.objects.select_related("site", "owner", "operator").filter(site=site).first() if site else None
        )
    return request._site_profile


def remember_profile(request, profile):
    """Give profile_for_request the answer for this request when it is already known (the portal's cached site
    frame, kept current by the portal's invalidation)."""
    request._site_profile = profile


def profile_by_code(code):
    return SiteProfile.objects.select_related("site", "owner", "operator", "supervisor").get(code=code)


def all_profiles():
    return SiteProfile.objects.select_related("site", "parent", "owner", "operator").order_by("id")


def filing_changes(old, new):
    """{field: [old, new]} for the 备案 fields that differ."""
    changes = {}
    for field in FILED_FIELDS:
        before, after = getattr(old, field, None), getattr(new, field, None)
        if before != after:
            changes[field] = [_display(before), _display(after)]
    return changes


def _display(value):
    return value if isinstance(value, (str, int, bool, list, type(None))) else str(value)


def record_filing(profile, changes, *, user=None, subject="identity"):
    """Keep a dated 备案 entry (Wagtail's log) for the profile; `subject` is identity or column_structure."""
    if changes:
        log(instance=profile, action=FILING_ACTION, user=user, data={"subject": subject, "changes": changes})


def filing_history(profile):
    return ModelLogEntry.objects.for_instance(profile).filter(action=FILING_ACTION).order_by("-timestamp", "-id")


def warnings_for(profile):
    parent_domain = profile.parent.english_domain if profile.parent_id else ""
    if profile.kind == SiteProfile.Kind.DEPARTMENT and profile.parent_id and profile.parent.kind == SiteProfile.Kind.PORTAL:
        parent_english = parent_domain
    else:
        parent_english = ""
    return domain_warnings(
        english=[profile.english_domain, *profile.extra_english_domains],
        chinese=profile.chinese_domain,
        kind=profile.kind,
        parent_english=parent_english,
    )


def site_collection(site):
    """Images and documents of one site live in its own collection (Wagtail does not isolate sites)."""
    from wagtail.models import Collection

    profile = profile_for_site(site)
    name = profile.full_name if profile else site.site_name or site.hostname
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def shared_collection():
    """Platform assets every site may choose (badges, the 党政机关 label): the explicit exception."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="平台共享素材").first()
    return existing or root.add_child(name="平台共享素材")


def site_and_ancestor_ids(site):
    """Wagtail Site ids from this site up through its parents in the 站群 (what a site inherits from)."""
    chain = [site.pk]
    profile = SiteProfile.objects.filter(site_id=site.pk).only("parent_id").first()
    seen = set()
    while profile is not None and profile.parent_id and profile.parent_id not in seen:
        seen.add(profile.parent_id)
        profile = SiteProfile.objects.filter(pk=profile.parent_id).only("site_id", "parent_id").first()
        if profile is not None:
            chain.append(profile.site_id)
    return chain


def identity_values(profile):
    """The values of a profile that must be unique across the 站群."""
    return {field: getattr(profile, field) for field in UNIQUE_IDENTITY_LABELS}


def identity_errors(values, *, owner, exclude_code=None):
    """{field: [Chinese message, …]} for identity values another site of the 站群 holds, and for a 网站标识码
    whose region prefix is not the 行政区划代码 of the government of `owner` (the 主办单位). Used by the admin
    form and the seed loader; `exclude_code` is the site's own code."""
    from orgs.services import government_of

    others = SiteProfile.objects.exclude(code=exclude_code) if exclude_code else SiteProfile.objects.all()
    errors = identity_clashes(values, [(p.full_name, identity_values(p)) for p in others.only(*UNIQUE_IDENTITY_LABELS, "full_name")])
    government = government_of(owner) if owner is not None else None
    if government is not None and values.get("site_code"):
        region = site_code_region_error(values["site_code"], government.division_code, government.name)
        if region:
            errors.setdefault("site_code", []).append(region)
    return errors


def departments_of_site(site):
    """The units that maintain content on a site (its 内容保障单位), by name; none for a page outside any site."""
    from orgs.models import Organization

    profile = profile_for_site(site)
    if profile is None:
        return Organization.objects.none()
    return profile.departments.all().order_by("name")


def site_family(profile):
    """The 站群导航 of a site: its own family, not the whole platform (47号 站群导航). Returns
    (parents, below, departments): the portals above it, nearest first; the portals below its government's
    portal (all levels); the department sites of the same government (the 本级门户's departments), itself left out.
    Only sites open to the public (running or migrating) are listed."""
    profiles = {p.pk: p for p in SiteProfile.objects.select_related("site").order_by("id")}
    public = {SiteProfile.Status.RUNNING, SiteProfile.Status.MIGRATING}
    current = profiles.get(profile.pk, profile)
    # A department site belongs to the government of its 本级门户 (its parent portal).
    home = current
    if current.kind == SiteProfile.Kind.DEPARTMENT and current.parent_id in profiles:
        home = profiles[current.parent_id]
    parents, seen = [], {current.pk}
    walker = home if home is not current else None
    if walker is None and current.parent_id in profiles:
        walker = profiles[current.parent_id]
    while walker is not None and walker.pk not in seen:
        seen.add(walker.pk)
        if walker.kind == SiteProfile.Kind.PORTAL:
            parents.append(walker)
        walker = profiles.get(walker.parent_id)
    children = {}
    for p in profiles.values():
        children.setdefault(p.parent_id, []).append(p)
    below, stack = [], list(children.get(home.pk, []))
    while stack:
        p = stack.pop(0)
        if p.pk in seen or p.kind != SiteProfile.Kind.PORTAL:
            continue
        seen.add(p.pk)
        below.append(p)
        stack.extend(children.get(p.pk, []))
    departments = [p for p in children.get(home.pk, []) if p.kind == SiteProfile.Kind.DEPARTMENT and p.pk != current.pk]
    keep = lambda ps: [p for p in ps if p.status in public]  # noqa: E731
    return keep(parents), keep(below), keep(departments)


def allowed_collection_ids_for_page(page):
    """Collections whose documents and images a page may show: its site's collection (with sub-collections) and the
    platform's shared one. None when the page's site is not known yet (a page not yet saved)."""
    from wagtail.models import Collection, Site

    from orgs.page_permissions import site_id_of

    site_id = site_id_of(page) if getattr(page, "url_path", None) else None
    if site_id is None:
        return None
    ids = set()
    for collection in (site_collection(Site.objects.get(pk=site_id)), shared_collection()):
        ids |= set(Collection.objects.filter(path__startswith=collection.path).values_list("pk", flat=True))
    return ids
