from django import template
from wagtail.models import Page

from portal.labels import page_labels
from portal.services import absolute_page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_head(context):
    """Canonical address and 发展指引 labels of the page being rendered (None outside a site page)."""
    request, page, profile = context.get("request"), context.get("page"), context.get("site_profile")
    if not isinstance(page, Page):
        page = None  # a view's own "page" (a paginator page of 留言, search results …) is no site page
    if request is None or profile is None:
        return {"canonical": None, "labels": []}
    canonical = None
    if page is not None and getattr(page, "url_path", None):
        # An alias placed on another site (转载 from the 统一信息资源库) names the original as canonical.
        original = page.alias_of.specific if page.alias_of_id else page
        canonical = absolute_page_url(request, original)
    feed = None
    if page is not None and hasattr(page, "category") and canonical:
        feed = canonical + "feed/"  # a column's RSS (DESIGN §3: <column url>feed/)
    return {"canonical": canonical, "labels": page_labels(profile, page, canonical), "feed": feed}


@register.simple_tag
def breadcrumb(page):
    """The pages above `page` that the 当前位置 line links (its site's home page first). Routing leaves each page
    its parent (`_cached_parent_obj`), so this walks memory; a page reached otherwise asks the tree once."""
    ancestors, node = [], page
    while node.depth > 2:
        node = getattr(node, "_cached_parent_obj", None)
        if node is None:
            return [a for a in page.get_ancestors() if a.depth > 1]
        ancestors.append(node)
    return ancestors[::-1]


@register.simple_tag(takes_context=True)
def absolute_url(context, page):
    return absolute_page_url(context["request"], page)


@register.simple_tag(takes_context=True)
def public_url(context, page):
    """A link to a page: relative on the visitor's site, absolute (with the visitor's port) on another site."""
    from wagtail.models import Site

    request = context["request"]
    site_id, _root, relative = page.get_url_parts(request=request) or (None, None, None)
    if relative is None:
        return ""
    current = Site.find_for_request(request)
    if current is not None and current.pk == site_id:
        return relative
    return absolute_page_url(request, page)
