"""The permission rules, as plain functions. Wagtail page/collection permissions are derived from these
role assignments (columns.permissions), so the admin and these rules always agree.

Columns and items are duck-typed (`column.site_id_for_rules()`, `column.responsible_organization_ids()`,
`column.is_shared()`) so that orgs imports no other domain app."""

from .models import Role, RoleAssignment

# 000 第六条, 003 第十四条, 004 第十四条: who may sign off each review step, lowest rank first.
REVIEW_RANKS = [Role.DIVISION_HEAD, Role.LEADER_IN_CHARGE, Role.PRINCIPAL]

# Roles whose page permissions cover the whole site (columns.permissions grants them on the site root).
SITE_WIDE_PAGE_ROLES = {Role.SITE_ADMIN, Role.LEADER_IN_CHARGE, Role.PRINCIPAL}
# Roles whose page permissions cover the columns their department maintains (and the shared columns).
DEPARTMENT_PAGE_ROLES = {Role.EDITOR, Role.DIVISION_HEAD}


ROLE_CACHE_ATTRIBUTE = "_govsite_role_assignments"


def all_assignments(user):
    """The person's role assignments, read once per user object (one request); orgs.services forgets them
    when it changes that person's roles."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = user.__dict__.get(ROLE_CACHE_ATTRIBUTE)
    if cached is None:
        cached = user.__dict__[ROLE_CACHE_ATTRIBUTE] = list(RoleAssignment.objects.filter(user=user))
    return cached


def forget_assignments(user):
    user.__dict__.pop(ROLE_CACHE_ATTRIBUTE, None)
    user.__dict__.pop("_govsite_may_change_pages", None)  # orgs.page_permissions' answers follow the roles


def _assignments(user, site_id):
    return [a for a in all_assignments(user) if a.site_id in (site_id, None)]


def is_platform_admin(user):
    return user.is_authenticated and user.is_active and (
        user.is_superuser or any(a.role == Role.PLATFORM_ADMIN for a in all_assignments(user))
    )


def is_site_admin(user, site_id):
    return is_platform_admin(user) or any(
        a.role == Role.SITE_ADMIN and a.site_id == site_id for a in _assignments(user, site_id)
    )


def user_site_ids(user):
    """The sites a person works on (any role there); None means every site (platform admin).
    The admin shows a user only these sites' pages, assets and records (site isolation)."""
    if is_platform_admin(user):
        return None
    return {a.site_id for a in all_assignments(user) if a.site_id is not None}


def administered_site_ids(user):
    """The sites a person administers (网站管理员); None means every site (platform admin)."""
    if is_platform_admin(user):
        return None
    return {a.site_id for a in all_assignments(user) if a.role == Role.SITE_ADMIN and a.site_id is not None}


def has_site_wide_page_role(user, site_id):
    """A role that edits every page of the site: 网站管理员, 分管领导, 主要负责人, or a department role
    given without a department (columns.permissions grants these on the site root)."""
    if is_platform_admin(user):
        return True
    return any(
        a.site_id == site_id
        and (a.role in SITE_WIDE_PAGE_ROLES or (a.role in DEPARTMENT_PAGE_ROLES and a.organization_id is None))
        for a in _assignments(user, site_id)
    )


def can_edit_column(user, column):
    """May the person maintain this column's content (add and edit items in it)?
    A 信息员 (or 处室负责人) edits exactly the columns their department maintains, on that site only
    (002 第五条 责任栏目分工; 004 内容保障工作任务分解表 责任单位); a column 各部门共同维护 is open to every
    department of the site (002 附件2 注); site-wide roles edit every column of their site."""
    site_id = column.site_id_for_rules()
    if site_id is None:
        return is_platform_admin(user)
    if has_site_wide_page_role(user, site_id):
        return True
    departments = {
        a.organization_id for a in _assignments(user, site_id) if a.role in DEPARTMENT_PAGE_ROLES and a.site_id == site_id
    }
    if not departments:
        return False
    return column.is_shared() or bool(departments & set(column.responsible_organization_ids()))


def can_restructure_columns(user, site_id):
    """Adding, changing, moving or deleting a column itself is the 网站管理员's (003 第八条: 办公室组织栏目增减;
    001 第十七条: a change of 栏目主体结构 is filed); departments maintain the content inside their columns."""
    return is_site_admin(user, site_id)


def is_column(page):
    """Is this page (or page class) a column? Duck-typed, so orgs imports no other domain app."""
    node = page if isinstance(page, type) else page.specific
    return hasattr(node, "is_shared") and hasattr(node, "responsible_organization_ids")


def column_of(page):
    """The column a page belongs to, duck-typed: the page itself if it is a column, else its nearest
    column ancestor (an item's column). None for a site's home page and the tree root."""
    node = page.specific if hasattr(page, "specific") else page
    while node is not None:
        if hasattr(node, "is_shared") and hasattr(node, "responsible_organization_ids"):
            return node
        parent = node.get_parent() if hasattr(node, "get_parent") else None
        node = parent.specific if parent is not None and parent.depth > 1 else None
    return None


def can_change_page(user, page, site_id):
    """The rules' verdict on changing a page of a site (editing it, adding below it, moving or deleting it):
    inside a column, can_edit_column decides; anything else (the home page) needs a site-wide role."""
    if is_platform_admin(user):
        return True
    if site_id is None:
        return False
    column = column_of(page)
    if column is None:
        return has_site_wide_page_role(user, site_id)
    return can_edit_column(user, column)


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


def leads_item(user, item, site_id):
    """003 第十四条 多部门综合性信息按“谁牵头、谁负责”: an item naming a lead (牵头) department is changed by that
    department's people, its drafter and the site-wide roles; the joint (参与) departments only read it
    (review.joint). Duck-typed: a page without `lead_department_id` (or without a lead) is not restricted here."""
    lead = getattr(item, "lead_department_id", None)
    if lead is None or is_platform_admin(user) or getattr(item, "owner_id", None) == user.pk:
        return True
    if site_id is None or has_site_wide_page_role(user, site_id):
        return True
    return any(
        a.organization_id == lead for a in _assignments(user, site_id) if a.role in DEPARTMENT_PAGE_ROLES and a.site_id == site_id
    )
