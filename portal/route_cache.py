"""Routing of public pages without the page tree: the pages between a site's home page and a path (its columns),
kept per site under the site's generation, so an uncached item page asks the database for the item alone.

Two entries, read in one round trip:
- per column path, the columns from the home page's child down to it (shared by every item of the column), under
  the site's generation: every change that can alter a column as the public sees it (publish, unpublish, move,
  delete, a view restriction) bumps the generation of the whole site (portal.cache_signals), so columns read under
  the current generation are the ones the tree holds;
- per item path, which page was found there (id and type), a few bytes. The page itself is always read from the
  database (it is the page that was just published) and checked against the path it was found under (same address,
  same place), so a renamed, moved or replaced page falls back to Wagtail's routing."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from . import cache as page_cache


def _keys(home, request, components):
    """(columns key, page key) for a path under `home` on the request's site, or None."""
    site = getattr(request, "_wagtail_site", None)
    if site is None or site.root_page_id != home.pk:
        return None  # a home page routed for another purpose (portal.views._route of another site …)
    generation = page_cache.known_site_generation(request, site.pk) or page_cache.site_generation(site.pk)

    def digest(parts):
        return hashlib.sha1("/".join(parts).encode()).hexdigest()

    prefix = f"{page_cache.KEY_PREFIX}:route"
    return (f"{prefix}:c:{site.pk}:{generation}:{home.pk}:{digest(components[:-1])}",
            f"{prefix}:p:{site.pk}:{home.pk}:{digest(components)}")


def cached_chain(home, request, components):
    """[page …] from the home page's child to the page at `components`, or None when not known (or no longer
    matching the tree: the caller then routes through the tree)."""
    keys = _keys(home, request, components)
    if keys is None:
        return None
    request._govsite_route_keys = keys
    columns_key, page_key = keys
    found = cache.get_many([columns_key, page_key] if len(components) > 1 else [page_key])
    ancestors = found.get(columns_key, []) if len(components) > 1 else []
    if page_key not in found or (len(components) > 1 and columns_key not in found):
        return None
    leaf_id, leaf_type = found[page_key]
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
    keys = getattr(request, "_govsite_route_keys", None) or _keys(home, request, components)
    if keys is None:
        return
    columns_key, page_key = keys
    leaf = chain[-1]
    for page in chain[:-1]:
        page.__dict__.pop("_cached_parent_obj", None)  # set again on each use; not stored with the page
    entries = {page_key: (leaf.pk, leaf.content_type_id)}
    if len(chain) > 1:
        entries[columns_key] = chain[:-1]
    cache.set_many(entries, timeout=settings.GOVSITE_PAGE_CACHE_SECONDS)
