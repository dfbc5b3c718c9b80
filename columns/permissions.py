"""Derive Wagtail group, page and collection permissions from orgs role assignments, so that the admin
enforces exactly what orgs.permissions says: a 信息员 of 处室 X edits the columns X maintains, on that site only."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from orgs.models import DerivedGroup, Role, RoleAssignment
from sites.services import profile_for_site, shared_collection, site_collection

from .models import ColumnPage

# Editors draft and edit; reviewers also publish (000 第六条: 审定后的信息由本单位网站维护人员发布);
# a shared column (工作动态 of every 处) gives editors only "add": each edits what they wrote (谁发布谁负责).
ROLE_PAGE_PERMISSIONS = {
    Role.EDITOR: ("add", "change"),
    Role.DIVISION_HEAD: ("add", "change", "publish"),
    Role.LEADER_IN_CHARGE: ("add", "change", "publish"),
    Role.PRINCIPAL: ("add", "change", "publish"),
    Role.SITE_ADMIN: ("add", "change", "publish", "bulk_delete", "lock", "unlock"),
}
SHARED_COLUMN_PERMISSIONS = ("add",)
# Site-scoped records a 网站管理员 keeps for their own site (the listing and forms are narrowed per site).
SITE_ADMIN_MODEL_PERMISSIONS = {"review": ("add_sitelexicon", "change_sitelexicon", "view_sitelexicon")}
SITE_COLLECTION_PERMISSIONS = ("add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document")
SHARED_COLLECTION_PERMISSIONS = ("choose_image", "choose_document")


def _group_for(site, organization, role):
    derived = DerivedGroup.objects.filter(site=site, organization=organization, role=role).select_related("group").first()
    if derived:
        return derived.group
    profile = profile_for_site(site)
    name = "·".join(filter(None, [profile.code if profile else site.hostname, str(organization or ""), str(Role(role).label)]))
    group, _ = Group.objects.get_or_create(name=name[:150])
    DerivedGroup.objects.create(group=group, site=site, organization=organization, role=role)
    return group


def _target_pages(site, organization, role):
    """(page, permission types) pairs a group of this role and department gets on the site."""
    if role in (Role.SITE_ADMIN, Role.LEADER_IN_CHARGE, Role.PRINCIPAL) or organization is None:
        return [(site.root_page, ROLE_PAGE_PERMISSIONS[role])]
    pairs = []
    for column in ColumnPage.objects.descendant_of(site.root_page).filter(responsibilities__organization=organization).distinct():
        pairs.append((column, ROLE_PAGE_PERMISSIONS[role]))
    for column in ColumnPage.objects.descendant_of(site.root_page).filter(maintained_by_all=True):
        types = SHARED_COLUMN_PERMISSIONS if role == Role.EDITOR else ROLE_PAGE_PERMISSIONS[role]
        pairs.append((column, types))
    # A column below another the group already covers inherits it: keep only the top-most grant.
    paths = sorted(pairs, key=lambda pair: len(pair[0].path))
    kept = []
    for page, types in paths:
        if not any(page.path.startswith(k.path) and set(types) <= set(t) for k, t in kept):
            kept.append((page, types))
    return kept


def _site_admin_model_permissions():
    return [
        p for app, codenames in SITE_ADMIN_MODEL_PERMISSIONS.items()
        for p in Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
    ]


def _page_permission_objects():
    return {p.codename.removesuffix("_page"): p for p in Permission.objects.filter(codename__endswith="_page", content_type__app_label="wagtailcore")}


@transaction.atomic
def sync_site_permissions(site):
    """Rebuild the derived groups of one site and their members from its role assignments."""
    permissions = _page_permission_objects()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    own_collection = site_collection(site)
    platform_collection = shared_collection()
    collection_perms = {p.codename: p for p in Permission.objects.filter(codename__in=SITE_COLLECTION_PERMISSIONS)}

    assignments = RoleAssignment.objects.filter(site=site).exclude(role=Role.PLATFORM_ADMIN).select_related("organization", "user")
    wanted = {}
    for assignment in assignments:
        wanted.setdefault((assignment.organization_id, assignment.role), (assignment.organization, set()))[1].add(assignment.user)

    live_groups = set()
    for (_org_id, role), (organization, users) in wanted.items():
        group = _group_for(site, organization, role)
        live_groups.add(group.pk)
        group.permissions.set([access_admin, *(_site_admin_model_permissions() if role == Role.SITE_ADMIN else [])])
        GroupPagePermission.objects.filter(group=group).delete()
        for page, types in _target_pages(site, organization, role):
            for permission_type in types:
                GroupPagePermission.objects.create(group=group, page=page, permission=permissions[permission_type])
        GroupCollectionPermission.objects.filter(group=group).delete()
        for codename in SITE_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.create(group=group, collection=own_collection, permission=collection_perms[codename])
        for codename in SHARED_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.create(group=group, collection=platform_collection, permission=collection_perms[codename])
        group.user_set.set(users)

    stale = DerivedGroup.objects.filter(site=site).exclude(group_id__in=live_groups)
    Group.objects.filter(pk__in=stale.values("group_id")).delete()


def sync_user_permissions(user):
    sites = {a.site for a in RoleAssignment.objects.filter(user=user).select_related("site") if a.site}
    sites |= {d.site for d in DerivedGroup.objects.filter(group__user=user).select_related("site")}
    for site in sites:
        sync_site_permissions(site)



