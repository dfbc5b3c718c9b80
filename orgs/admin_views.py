"""Admin views of orgs: site isolation of the page explorer and page chooser. The 网站管理员's account
management (本站账号) is in orgs.accounts."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page, Site
from wagtail.permissions import page_permission_policy

from .permissions import is_platform_admin, user_site_ids

# --- Site isolation of page views Wagtail does not isolate by itself (wagtail#1700, #4288, #9714) ----------


def pages_in_user_sites(pages, user):
    """Narrow a page queryset to the trees of the sites the user works on (all sites for a platform admin)."""
    site_ids = user_site_ids(user)
    if site_ids is None:
        return pages
    roots = list(Page.objects.filter(sites_rooted_here__id__in=site_ids).values_list("path", flat=True))
    if not roots:
        return pages.none()
    return pages.filter(pk__in=Page.objects.filter(_path_prefixes(roots)).values("pk"))


def _path_prefixes(paths):
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return query


def page_in_user_sites(page, user):
    site_ids = user_site_ids(user)
    if site_ids is None:
        return True
    roots = Page.objects.filter(sites_rooted_here__id__in=site_ids).values_list("path", flat=True)
    return any(page.path.startswith(path) for path in roots)


_explore = page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id")
_explore_results = page_viewset_registry.as_view("index_results", parent_page_id_kwarg="parent_page_id")


def _explore_refusal(request, parent_page_id):
    """Wagtail lets a user list the children of any page under their explorable root, including a column
    of another department; the explorer stops at the pages the user may work in (or their ancestors)."""
    user = request.user
    if is_platform_admin(user):
        return None
    if page_permission_policy.explorable_instances(user).filter(pk=parent_page_id).exists():
        return None
    get_object_or_404(Page, pk=parent_page_id)
    raise PermissionDenied


@never_cache
@require_admin_access
def explore(request, parent_page_id):
    return _explore_refusal(request, parent_page_id) or _explore(request, parent_page_id=parent_page_id)


@never_cache
@require_admin_access
def explore_results(request, parent_page_id):
    return _explore_refusal(request, parent_page_id) or _explore_results(request, parent_page_id=parent_page_id)


class SiteIsolatedBrowseView(BrowseView):
    """The page chooser opened at a page of another site shows nothing of it (its children are filtered by
    the construct_page_chooser_queryset hook; this keeps the parent itself out too)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id:
            page = get_object_or_404(Page, pk=parent_page_id)
            if not page.is_root() and not page_in_user_sites(page, request.user):
                raise Http404
        return super().get(request, parent_page_id)


choose_page_child = never_cache(require_admin_access(SiteIsolatedBrowseView.as_view()))


class SiteScopedSnippetMixin:
    """Mix into the SnippetViewSet of a record that belongs to one site (a foreign key named `site_field`):
    its listing shows each person only their own sites' records. Editing or deleting another site's record
    by URL is refused by the before_edit_snippet / before_delete_snippet hooks (orgs.wagtail_hooks), since
    SnippetViewSet.get_queryset() narrows the listing only (wagtail#10746)."""

    site_field = "site"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if queryset is None:
            queryset = self.model._default_manager.all()
        site_ids = user_site_ids(request.user)
        return queryset if site_ids is None else queryset.filter(**{f"{self.site_field}__in": site_ids})


def platform_admins_only(view):
    """For admin views that summarise every site at once (e.g. the page types usage report)."""

    def wrapped(request, *args, **kwargs):
        if not is_platform_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(require_admin_access(wrapped))


def _page_types_usage(**kwargs):
    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    return platform_admins_only(PageTypesUsageReportView.as_view(**kwargs))


page_types_usage = _page_types_usage()
page_types_usage_results = _page_types_usage(results_only=True)


def restrict_page_listing_filters():
    """The page listing's filters offer every site, every page owner and every editor of the platform as
    choices (wagtail.admin.views.pages.listing.PageFilterSet); narrow those choices to the user's sites.
    The filters are shared by PageFilterSet and its subclasses, so this is done once, at start-up."""
    from wagtail.admin.views.pages.listing import PageFilterSet

    filters = PageFilterSet.declared_filters
    if getattr(filters["site"], "_govsite_restricted", False):
        return
    site_filter, owner_filter, editor_filter = filters["site"], filters["owner"], filters["edited_by"]
    all_sites, all_owners, all_editors = site_filter.queryset, owner_filter.queryset, editor_filter.queryset

    def sites(request):
        ids = user_site_ids(request.user)
        return all_sites.all() if ids is None else Site.objects.filter(pk__in=ids)

    def colleagues(users):
        def narrowed(request):
            queryset = users(request) if callable(users) else users.all()
            ids = user_site_ids(request.user)
            if ids is None:
                return queryset
            return queryset.filter(role_assignments__site_id__in=ids).distinct()

        return narrowed

    site_filter.queryset = sites
    site_filter._govsite_restricted = True
    owner_filter.queryset = colleagues(all_owners)
    editor_filter.queryset = colleagues(all_editors)

