"""Public views around the Wagtail pages: column feeds, robots.txt, the HTML 网站地图 and the error pages, each in
the frame of the site the visitor asked for."""

from django.http import Http404, HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site
from wagtail.views import serve

from sites.services import profile_for_request

from .services import family_nav, site_address


def _route(request, path):
    """The live page at `path` on the visitor's site, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [c for c in path.split("/") if c]
    try:
        page, _args, _kwargs = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    return page


@require_GET
def column_feed(request, path):
    """`<column url>feed/`: the column's RSS. A real page whose slug happens to be `feed` is still served."""
    from columns.models import ColumnPage

    from .feeds import ColumnFeed

    page = _route(request, path)
    profile = profile_for_request(request)
    if page is None or profile is None or not isinstance(page.specific, ColumnPage) or page.get_view_restrictions().exists():
        return serve(request, path + "feed/")
    return ColumnFeed(request, profile)(request, column=page.specific)


# Admin, search and API answers are not for search engines; the sitemap tells them what is.
ROBOTS_DISALLOW = ["/admin/", "/search/", "/api/", "/documents/"]


@require_GET
def robots_txt(request):
    site = Site.find_for_request(request)
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in ROBOTS_DISALLOW)]
    if site is not None:
        lines.append(f"Sitemap: {site_address(request, site)}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def column_tree(home):
    """[(column, [children…])] of every live, public column of a site, from one query (ordered by tree path)."""
    from columns.models import ColumnPage

    columns = list(ColumnPage.objects.descendant_of(home).live().public().order_by("path").only("title", "path", "depth", "url_path", "link_url"))
    nodes, by_path = [], {}
    for column in columns:
        node = (column, [])
        by_path[column.path] = node
        parent = by_path.get(column.path[: -ColumnPage.steplen])
        (parent[1] if parent else nodes).append(node)
    return nodes


@require_GET
def site_map(request):
    """The HTML 网站地图 the footer links to: every column of the site, nested, and the site's family."""
    site = Site.find_for_request(request)
    profile = profile_for_request(request)
    if site is None or profile is None:
        raise Http404
    return TemplateResponse(request, "portal/site_map.html", {
        "tree": column_tree(site.root_page), "family": family_nav(request, profile),
    })


def page_not_found(request, exception=None):
    """The 404 page in the frame of the site asked for (its header, navigation and footer), in Chinese."""
    template = "portal/404.html" if profile_for_request(request) is not None else "404.html"
    return TemplateResponse(request, template, status=404).render()


def server_error(request):
    """The 500 page in the site's frame when the frame itself still renders; the plain page otherwise."""
    try:
        if profile_for_request(request) is not None:
            return HttpResponseServerError(loader.render_to_string("portal/500.html", request=request))
    except Exception:  # noqa: BLE001 - whatever broke the page may break the frame too
        pass
    return HttpResponseServerError(loader.render_to_string("500.html"))
