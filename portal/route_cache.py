"""Routing of public pages without the page tree: the pages between a site's home page and a path (its columns),
kept per site under the site's generation, so an uncached item page asks the database for the item alone.

Every change that can alter a column as the public sees it (publish, unpublish, move, delete, a view restriction)
bumps the generation of the whole site (portal.cache_signals), so a chain read under the current generation is
the chain the tree holds. The last page of the path is always read from the database: it is the page that was
just published, and its row is checked against the path it was found under (same address, same place), so a
renamed, moved or replaced page falls back to Wagtail's routing."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from . import cache as page_cache


def _key(home, request, components):
    site = getattr(request, "_wagtail_site", None)
    if site is None or site.root_page_id != home.pk:
        return None  # a home page routed for another purpose (portal.views._route of another site …)
    generation = page_cache.known_site_generation(request, site.pk) or page_cache.site_generation(site.pk)
    digest = hashlib.sha1("/".join(components).encode()).hexdigest()
    return f"{page_cache.KEY_PREFIX}:route:{site.pk}:{generation}:{home.pk}:{digest}"


def cached_chain(home, request, components):
    """[page …] from the home page's child to the page at `components`, or None when not known (or no longer
    matching the tree: the caller then routes through the tree)."""
    key = _key(home, request, components)
    if key is None:
        return None
    request._govsite_route_key = key
    entry = cache.get(key)
    if entry is None:
        return None
    ancestors, (leaf_id, leaf_type) = entry["ancestors"], entry["leaf"]
    model = ContentType.objects.get_for_id(leaf_type).model_class()
    if model is None:
        return None
    leaf = model.objects.filter(pk=leaf_id).first()
    parent = ancestors[-1] if ancestors else home
    expected = home.url_path + "/".join(components) + "/"
    if leaf is None or leaf.url_path != expected or leaf.depth != parent.depth + 1 or not leaf.path.startswith(parent.path):
        return None
    return [*ancestors, leaf]


def remember_chain(home, request, components, chain):
    key = getattr(request, "_govsite_route_key", None) or _key(home, request, components)
    if key is None:
        return
    leaf = chain[-1]
    for page in chain[:-1]:
        page.__dict__.pop("_cached_parent_obj", None)  # set again on each use; not stored with the page
    cache.set(key, {"ancestors": chain[:-1], "leaf": (leaf.pk, leaf.content_type_id)},
              timeout=settings.GOVSITE_PAGE_CACHE_SECONDS)
