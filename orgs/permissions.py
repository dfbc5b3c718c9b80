"""The permission rules, as plain functions. Wagtail page/collection permissions are derived from these
role assignments (columns.permissions), so the admin and these rules always agree.

Columns and items are duck-typed (`column.site_id_for_rules()`, `column.responsible_organization_ids()`,
`column.is_shared()`) so that orgs imports no other domain app."""

from .models import Role, RoleAssignment

# 000 第六条, 003 第十四条, 004 第十四条: who may sign off each review step, lowest rank first.
REVIEW_RANKS = [Role.DIVISION_HEAD, Role.LEADER_IN_CHARGE, Role.PRINCIPAL]


def _assignments(user, site_id):
    if not user.is_authenticated:
        return []
    return [a for a in RoleAssignment.objects.filter(user=user) if a.site_id in (site_id, None)]


def is_platform_admin(user):
    return user.is_authenticated and (
        user.is_superuser or RoleAssignment.objects.filter(user=user, role=Role.PLATFORM_ADMIN).exists()
    )


def is_site_admin(user, site_id):
    return is_platform_admin(user) or any(
        a.role == Role.SITE_ADMIN and a.site_id == site_id for a in _assignments(user, site_id)
    )


def can_edit_column(user, column):
    """A 信息员 edits exactly the columns their department maintains, on that site only."""
    site_id = column.site_id_for_rules()
    if is_site_admin(user, site_id):
        return True
    editors = {a.organization_id for a in _assignments(user, site_id) if a.role == Role.EDITOR and a.site_id == site_id}
    if not editors:
        return False
    return column.is_shared() or bool(editors & set(column.responsible_organization_ids()))


def can_review(user, item, step_role):
    """`step_role` is the rank a review step needs; a reviewer of that rank (or above) in the item's
    department, or a leader of the site, may sign it. Nobody reviews their own item (谁发布谁负责)."""
    if getattr(item, "owner_id", None) == user.pk:
        return False
    site_id = item.site_id_for_rules()
    needed = REVIEW_RANKS.index(step_role)
    for a in _assignments(user, site_id):
        if a.role not in REVIEW_RANKS or REVIEW_RANKS.index(a.role) < needed:
            continue
        if a.role == Role.DIVISION_HEAD and a.organization_id not in item.responsible_organization_ids():
            continue
        return True
    return False
