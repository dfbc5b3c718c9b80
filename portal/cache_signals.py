"""What makes a cached public page stale, wired to Wagtail's signals: publish, unpublish, move and delete of a page
(every path — editor, bulk actions, scheduler, workflow, commands — sends them), and edits of a site or its
profile. Invalidation runs at once and again after the transaction commits, so a page rendered from the old rows
between the two is not kept."""

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache as page_cache
from .middleware import CACHEABLE


@hooks.register("before_serve_page")
def mark_cacheable(page, request, serve_args, serve_kwargs):
    """Only Wagtail pages are stored, and only public ones (no 登录/密码 view restriction on them or above)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    generations, may_be_restricted = page_cache.serving_state(request, site.pk, page.pk)
    if may_be_restricted:
        if page.get_view_restrictions().exists():
            return None
    else:
        page.known_unrestricted = True  # Wagtail's on_serve_page check (after this hook) skips its two queries
    own_url = page.get_url_parts(request)
    as_file = bool(own_url) and own_url[2] == request.path  # not a sub-route (feed/ …) of the page
    setattr(request, CACHEABLE, (site.pk, page.pk, generations, as_file))
    return None


# --- what a change touches ----------------------------------------------------------------------------------

def _site_of_path(path, sites):
    best = None
    for site in sites:
        root_path = site.root_page.path
        if path.startswith(root_path) and (best is None or len(root_path) > len(best.root_page.path)):
            best = site
    return best


def _sites():
    return list(Site.objects.select_related("root_page").only("hostname", "root_page__path", "root_page__url_path"))


def invalidate_page(page):
    """The page, every page above it (its columns and the site home list it), and the same for each alias of it
    on other sites. A page that is not an item (a column, a home page) is in the navigation and breadcrumbs of its
    whole site: the whole site goes."""
    from content.models import ItemPage

    sites = _sites()
    placements = [page, *Page.objects.filter(alias_of_id=page.pk).only("path", "url_path", "depth")]
    is_item = isinstance(page, ItemPage) or ItemPage.objects.filter(pk=page.pk).exists()
    page_ids, files, whole_sites = set(), [], set()
    for placed in placements:
        site = _site_of_path(placed.path, sites)
        if site is None:
            continue
        if not is_item:
            whole_sites.add(site)
            continue
        ancestors = [placed.path[:i] for i in range(Page.steplen * 2, len(placed.path) + 1, Page.steplen)]
        shown_on = Page.objects.filter(path__in=ancestors)
        if placed is page:
            shown_on = shown_on | Page.objects.filter(pk__in=_items_showing(page), path__startswith=site.root_page.path)
        for pk, url_path in shown_on.values_list("pk", "url_path"):
            page_ids.add(pk)
            relative = url_path[len(site.root_page.url_path) - 1:]
            if relative.startswith("/"):
                files.append((site.hostname, relative))
    _apply(page_ids, files, whole_sites)
    from .sitemaps import schedule_rebuild

    schedule_rebuild({_site_of_path(p.path, sites) for p in placements} - {None}, page_ids={page.pk})


def _items_showing(page):
    """Other items whose public page shows this one: a 政策文件 lists its live 解读 (相关解读), a 解读 names its
    文件 (解读文件). Either side changing makes the other's cached page stale."""
    from content.models import ArticlePage

    related = set(ArticlePage.objects.filter(interprets_id=page.pk).values_list("pk", flat=True))
    interprets_id = getattr(page, "interprets_id", None)
    if interprets_id is None and not isinstance(page, ArticlePage):
        interprets_id = ArticlePage.objects.filter(pk=page.pk).values_list("interprets_id", flat=True).first()
    if interprets_id:
        related.add(interprets_id)
    return related


def invalidate_site(site):
    _apply(set(), [], {site})
    from .sitemaps import schedule_rebuild

    schedule_rebuild({site})


def _apply(page_ids, files, whole_sites):
    def run():
        page_cache.bump_pages(page_ids)
        page_cache.bump_sites([s.pk for s in whole_sites])
        page_cache.delete_static_files(files)  # after the bump: see page_cache.write_static_file
        for site in whole_sites:
            page_cache.delete_site_static_files(site.hostname)

    run()
    transaction.on_commit(run)


# --- receivers ----------------------------------------------------------------------------------------------

def _on_publish_or_unpublish(sender, instance, **kwargs):
    invalidate_page(instance)


def _on_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # The old and the new place: the moved page's old URL, its old lists, its new ones. Moves are rare; every
    # site involved starts afresh.
    sites = _sites()
    for parent in (parent_page_before, parent_page_after):
        site = _site_of_path(parent.path, sites)
        if site is not None:
            invalidate_site(site)


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        invalidate_page(instance)


def _on_site_identity_change(sender, instance, raw=False, **kwargs):
    if isinstance(instance, Site):
        _sites_changed()  # harmless even for a raw save: nothing is read, frames are only dropped
    if raw:  # a fixture load or restore writes rows as stored; related rows may not be back yet
        return
    site = instance if isinstance(instance, Site) else getattr(instance, "site", None)
    if site is not None and site.pk:
        invalidate_site(site)


def _sites_changed(*args, **kwargs):
    """Which site answers for a host may have changed (a new site takes a host that fell to the default site): every
    cached site frame and every stored page goes, now and after commit. Site rows change rarely."""
    def run():
        page_cache.bump_sites_version()
        page_cache.bump_sites(list(Site.objects.values_list("pk", flat=True)))

    run()
    transaction.on_commit(run)


def _on_view_restriction_change(sender, instance, raw=False, **kwargs):
    """A 登录/密码 restriction added to or removed from a page changes who may see it and every page below it (and
    their aliases on other sites): those sites start afresh, and their "no restriction anywhere" answer goes with
    their generations."""
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is None:
        return
    sites = _sites()
    paths = [page.path, *Page.objects.filter(alias_of__path__startswith=page.path).values_list("path", flat=True)]
    for site in {_site_of_path(path, sites) for path in paths} - {None}:
        invalidate_site(site)


def _on_body_style_change(sender, instance, raw=False, **kwargs):
    """The site's body style (review.normalise.site_body_style) is on every item page of the site."""
    if raw:
        return
    site = Site.objects.filter(pk=instance.site_id).first()
    if site is not None:
        invalidate_site(site)


def connect():
    from django.db.models.signals import post_delete
    from wagtail.models import PageViewRestriction

    from review.models import SiteLexicon, SitePublishingRules
    from sites.models import SiteProfile

    post_save.connect(_on_view_restriction_change, sender=PageViewRestriction, dispatch_uid="portal.cache.restriction")
    post_delete.connect(_on_view_restriction_change, sender=PageViewRestriction, dispatch_uid="portal.cache.restriction.deleted")
    for model in (SitePublishingRules, SiteLexicon):
        post_save.connect(_on_body_style_change, sender=model, dispatch_uid=f"portal.cache.body_style.{model.__name__}")

    page_published.connect(_on_publish_or_unpublish, dispatch_uid="portal.cache.published")
    page_unpublished.connect(_on_publish_or_unpublish, dispatch_uid="portal.cache.unpublished")
    post_page_move.connect(_on_move, dispatch_uid="portal.cache.moved")
    pre_delete.connect(_on_delete, dispatch_uid="portal.cache.deleted")
    post_save.connect(_on_site_identity_change, sender=SiteProfile, dispatch_uid="portal.cache.profile")
    post_save.connect(_on_site_identity_change, sender=Site, dispatch_uid="portal.cache.site")
    post_delete.connect(_sites_changed, sender=Site, dispatch_uid="portal.cache.site.deleted")
