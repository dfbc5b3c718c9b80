"""Site isolation and the role rules in the Wagtail admin.

Wagtail does not isolate sites (wagtail#1700, #4288, #7099, #9714): its page chooser browses the whole tree
and its permission model knows pages and collections, not sites. Each person here works on the sites they
hold a role on (orgs.permissions.user_site_ids); platform admins see everything. Images and documents live
in one collection per site, plus the platform's shared collection (the explicit exception).
The page action hooks make the admin apply orgs.permissions on top of Wagtail's derived permissions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.models import Collection, GroupCollectionPermission

from . import accounts, admin_views
from .admin_views import pages_in_user_sites
from .models import AccountSecurity
from .page_permissions import site_id_of
from .permissions import can_restructure_columns, is_column, is_platform_admin, user_site_ids

# --- Pages: chooser, explorer ------------------------------------------------------------------------------

admin_views.restrict_page_listing_filters()


@hooks.register("construct_page_chooser_queryset")
def isolate_page_chooser(pages, request):
    return pages_in_user_sites(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def isolate_explorer(parent_page, pages, request):
    return pages_in_user_sites(pages, request.user)


# --- Images and documents: the user's sites' collections and the shared one -----------------------------------


def allowed_collection_ids(user):
    """Collections granted to the derived groups of the user's sites (each site's own collection, and the
    shared platform collection), with their sub-collections. None: every collection (platform admin)."""
    site_ids = user_site_ids(user)
    if site_ids is None:
        return None
    granted = Collection.objects.filter(
        pk__in=GroupCollectionPermission.objects.filter(group__derived_from__site_id__in=site_ids).values("collection_id")
    )
    ids = set()
    for collection in granted:
        ids |= set(Collection.objects.filter(path__startswith=collection.path).values_list("pk", flat=True))
    return ids


def _isolate_assets(objects, request):
    ids = allowed_collection_ids(request.user)
    return objects if ids is None else objects.filter(collection_id__in=ids)


hooks.register("construct_image_chooser_queryset", _isolate_assets)
hooks.register("construct_document_chooser_queryset", _isolate_assets)


# --- Snippets and other site-scoped records -------------------------------------------------------------------


def object_site_id(obj):
    """The site a record belongs to (duck-typed: `site_id_for_rules()` or a `site` foreign key), or None for
    records that belong to no site."""
    if callable(getattr(obj, "site_id_for_rules", None)):
        return obj.site_id_for_rules()
    return getattr(obj, "site_id", None)


def in_user_sites(user, obj):
    site_ids = user_site_ids(user)
    site_id = object_site_id(obj)
    return site_ids is None or site_id is None or site_id in site_ids


@hooks.register("construct_snippet_listing_buttons")
def hide_buttons_of_other_sites(buttons, snippet, user, context=None):
    if not in_user_sites(user, snippet):
        buttons[:] = []


@hooks.register("before_edit_snippet")
def refuse_editing_other_sites_snippet(request, instance):
    if not in_user_sites(request.user, instance):
        return permission_denied(request)


@hooks.register("before_delete_snippet")
def refuse_deleting_other_sites_snippets(request, instances):
    if not all(in_user_sites(request.user, instance) for instance in instances):
        return permission_denied(request)


# --- Page actions ----------------------------------------------------------------------------------------------
# Every page action asks page.permissions_for_user(), which is orgs.page_permissions.RulePagePermissionTester.
# The tester cannot know the type of page about to be created, so creating a column (structure, 003 第八条)
# is checked here.


@hooks.register("before_create_page")
def check_create_page(request, parent_page, page_class):
    if is_column(page_class) and not can_restructure_columns(request.user, site_id_of(parent_page)):
        return permission_denied(request)
    return None


# --- Menus: Sites, Users and Groups belong to platform admins ----------------------------------------------


# 工作流 / 工作流任务 are shown to a 网站管理员 too: review.workflow_admin narrows them to their own site's chains.
PLATFORM_ONLY_MENU_ITEMS = {"sites", "users", "groups", "collections", "redirects"}


@hooks.register("construct_settings_menu")
def platform_settings_for_platform_admins(request, menu_items):
    if not is_platform_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in PLATFORM_ONLY_MENU_ITEMS]


PLATFORM_ONLY_REPORTS = {"page-types-usage"}


@hooks.register("construct_reports_menu")
def platform_reports_for_platform_admins(request, menu_items):
    if not is_platform_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in PLATFORM_ONLY_REPORTS]


# --- Accounts of a site (网站管理员) ----------------------------------------------------------------------------
# Accounts made or given a new password by someone else, also through Wagtail's own Users admin (platform
# admins), start with an initial password that must be changed at first login (003 第二十二条).


@hooks.register("after_create_user")
def initial_password_on_create(request, user):
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


@hooks.register("before_edit_user")
def remember_password_hash(request, user):
    if request.method == "POST":
        request._govsite_password_before = (user.pk, user.password)


@hooks.register("after_edit_user")
def initial_password_on_reset(request, user):
    before = getattr(request, "_govsite_password_before", None)
    user.refresh_from_db(fields=["password"])
    if before and before[0] == user.pk and before[1] != user.password and user.pk != request.user.pk:
        AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


@hooks.register("register_admin_urls")
def account_urls():
    return accounts.account_urls()


class AccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return accounts.accounts_menu_shown(request)


@hooks.register("register_settings_menu_item")
def accounts_menu_item():
    return AccountsMenuItem(_("本站账号"), reverse("orgs_accounts"), name="site-accounts", icon_name="user", order=590)


from . import isolation  # noqa: E402,F401  the site scope of every other list and lookup (orgs/isolation.py)
