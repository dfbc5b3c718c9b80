"""The public page cache: whole anonymous responses of Wagtail pages, per site, kept valid by generations.

Two layers share one rule of validity:
- entries in Django's cache (Redis in production, local memory in the embedded default), keyed by the Host the
  visitor used, the path and an accepted query (`?page=N`), each carrying the generations of its site and page
  read *before* the page rendered;
- static publication (静态发布): the same bytes written to `<GOVSITE_PUBLIC_ROOT>/pages/<host>/<path>index.html`,
  which nginx serves without Django (see bench/public_pages.py for the configuration).

Publishing, unpublishing, moving or deleting a page bumps the generation of the page, of every column and home
page above it and of every alias of it (on other sites) and their ancestors, and deletes their static files; a
change to a column or to a site's identity bumps the whole site. An entry whose generations no longer match is
never served, so a render that raced with a publish cannot bring back the old page.
"""

import hashlib
import os
import re
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.http import http_date

ACCEPTED_QUERY = re.compile(r"^(page=[0-9]{1,6})?$")  # anything else (utm_…, random strings) is rendered, not stored
SAFE_HOST = re.compile(r"^[a-z0-9.-]+(:[0-9]{1,5})?$")
KEY_PREFIX = "govsite:pc"
NOT_REPLAYED = {"set-cookie", "content-length", "date", "etag", "last-modified", "cache-control", "x-page-cache"}


# --- generations --------------------------------------------------------------------------------------------

def _site_key(site_id):
    return f"{KEY_PREFIX}:g:s:{site_id}"


def _page_key(page_id):
    return f"{KEY_PREFIX}:g:p:{page_id}"


def _fresh():
    return uuid.uuid4().hex[:12]


def current_generations(site_id, page_id):
    """(site generation, page generation), creating a missing one: an evicted generation is a new one, so entries
    made under the lost value can never become valid again."""
    keys = [_site_key(site_id), _page_key(page_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _fresh(), timeout=None)
    if len(found) < 2:
        found = cache.get_many(keys)
    return found.get(keys[0]), found.get(keys[1])


def bump_pages(page_ids):
    if page_ids:
        cache.set_many({_page_key(pk): _fresh() for pk in page_ids}, timeout=None)


def bump_sites(site_ids):
    if site_ids:
        cache.set_many({_site_key(pk): _fresh() for pk in site_ids}, timeout=None)


def site_generation(site_id):
    key = _site_key(site_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), timeout=None)
        value = cache.get(key)
    return value


# --- entries ------------------------------------------------------------------------------------------------

def cacheable_query(request):
    return bool(ACCEPTED_QUERY.match(request.META.get("QUERY_STRING", "")))


def _entry_key(request):
    raw = f"{request.get_host().lower()}\0{request.path}\0{request.META.get('QUERY_STRING', '')}"
    return f"{KEY_PREFIX}:r:" + hashlib.sha1(raw.encode()).hexdigest()


def cached_entry(request):
    """The stored response for this request if its site and page are still at the generations it was made under."""
    entry = cache.get(_entry_key(request))
    if not entry:
        return None
    now = cache.get_many([_site_key(entry["site"]), _page_key(entry["page"])])
    if now.get(_site_key(entry["site"])) != entry["site_gen"] or now.get(_page_key(entry["page"])) != entry["page_gen"]:
        return None
    return entry


def lookup(request):
    """cached_entry(request), and on a miss the site frame put in place (prepare_site_frame). A stale entry names
    its site, so the frame, the Site rows' version and that site's generation come in one round trip: three in
    all instead of four, and a hit reads no more than before (the frame is not unpickled for it)."""
    entry = cache.get(_entry_key(request))
    if not entry:
        prepare_site_frame(request)
        return None
    site_key, page_key, frame_key = _site_key(entry["site"]), _page_key(entry["page"]), _frame_key(request)
    now = cache.get_many([site_key, page_key])
    if now.get(site_key) == entry["site_gen"] and now.get(page_key) == entry["page_gen"]:
        return entry
    found = cache.get_many([frame_key, _SITES_VERSION_KEY, site_key])
    frame, version = found.get(frame_key), found.get(_SITES_VERSION_KEY)
    if (frame is not None and version is not None and frame["version"] == version and frame["site"].pk == entry["site"]
            and found.get(site_key) == frame["site_gen"]):
        _use_frame(request, frame)
    else:
        _build_site_frame(request, frame_key, version)
    return None


def store_entry(request, response, site_id, page_id, generations):
    body = response.content
    entry = {
        "site": site_id, "page": page_id, "site_gen": generations[0], "page_gen": generations[1],
        "body": body,
        # What the middlewares inside the cache added (X-Frame-Options, Content-Language …) is served again.
        "headers": {k: v for k, v in response.items() if k.lower() not in NOT_REPLAYED},
        "etag": '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"',
        "last_modified": http_date(time.time()),
    }
    cache.set(_entry_key(request), entry, timeout=settings.GOVSITE_PAGE_CACHE_SECONDS)
    return entry


# --- static publication (静态发布) -------------------------------------------------------------------------

def public_root():
    return Path(settings.GOVSITE_PUBLIC_ROOT)


def _pages_root():
    return public_root() / "pages"


def static_file_for(host, path):
    """Where nginx looks for the page at `path` on `host` (the Host header as the visitor sent it)."""
    host = host.lower()
    if not SAFE_HOST.match(host) or ".." in path or not path.startswith("/") or not path.endswith("/"):
        return None
    return _pages_root() / host / path.lstrip("/") / "index.html"


def write_static_file(request, body, site_id, page_id, generations):
    """Write the page for nginx, then check it is still current: an invalidation that ran meanwhile bumped a
    generation before deleting files, so either it deleted this file or we see the new generation here."""
    if not settings.GOVSITE_STATIC_PUBLICATION:
        return None
    target = static_file_for(request.get_host(), request.path)
    if target is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{os.getpid()}.{uuid.uuid4().hex[:6]}.partial")
    partial.write_bytes(body)
    os.replace(partial, target)
    if current_generations(site_id, page_id) != tuple(generations):
        target.unlink(missing_ok=True)
        return None
    return target


def _host_dirs(hostname):
    root = _pages_root()
    if not root.is_dir():
        return []
    return [d for d in root.iterdir() if d.name == hostname or d.name.startswith(hostname + ":")]


def delete_static_files(site_paths):
    """site_paths: [(hostname, url path)]; every port variant of the host loses that page's file."""
    for hostname, path in site_paths:
        for host_dir in _host_dirs(hostname):
            target = static_file_for(host_dir.name, path)
            if target is not None:
                target.unlink(missing_ok=True)


def delete_site_static_files(hostname):
    trash = public_root() / "trash"
    for host_dir in _host_dirs(hostname):
        trash.mkdir(parents=True, exist_ok=True)
        doomed = trash / f"{host_dir.name}.{uuid.uuid4().hex[:8]}"
        try:
            os.replace(host_dir, doomed)  # gone for nginx at once; removing the files may take longer
        except OSError:
            continue
        shutil.rmtree(doomed, ignore_errors=True)


# --- the site frame ---------------------------------------------------------------------------------------

_SITES_VERSION_KEY = f"{KEY_PREFIX}:sites-version"


def bump_sites_version():
    """Any Site row changed (a new site may now answer for a host that fell to the default site)."""
    cache.set(_SITES_VERSION_KEY, _fresh(), timeout=None)


def _frame_key(request):
    return f"{KEY_PREFIX}:frame:" + hashlib.sha1(request.get_host().lower().encode()).hexdigest()


# (site id, site generation) read before the page rendered, kept on the request for what the render asks next.
SITE_GENERATION = "_govsite_site_generation"


def known_site_generation(request, site_id):
    known = getattr(request, SITE_GENERATION, None) if request is not None else None
    return known[1] if known and known[0] == site_id else None


def prepare_site_frame(request):
    """Put Wagtail's Site for this request (with its home page) and the site's profile where Wagtail and
    sites.services look for them, from the cache while still current: three queries fewer on every uncached page.
    The entry is kept under the version of the Site rows (bumped on any Site change) and the site's generation
    (bumped when its home page, profile or columns change), both read before the rows they describe."""
    key = _frame_key(request)
    found = cache.get_many([key, _SITES_VERSION_KEY])
    frame, version = found.get(key), found.get(_SITES_VERSION_KEY)
    if frame is not None and version is not None and frame["version"] == version:
        if cache.get(_site_key(frame["site"].pk)) == frame["site_gen"]:
            _use_frame(request, frame)
            return
    _build_site_frame(request, key, version)


def _use_frame(request, frame):
    from sites.services import remember_profile

    request._wagtail_site = frame["site"]
    remember_profile(request, frame["profile"])
    setattr(request, SITE_GENERATION, (frame["site"].pk, frame["site_gen"]))


def _build_site_frame(request, key, version):
    from wagtail.models import Site

    from sites.services import profile_for_request

    if version is None:
        cache.add(_SITES_VERSION_KEY, _fresh(), timeout=None)
        version = cache.get(_SITES_VERSION_KEY)
    site = Site.find_for_request(request)
    if site is None:
        return
    site_gen = site_generation(site.pk)
    site.root_page = site.root_page.specific  # read after the generation: a change after this read bumps it
    profile = profile_for_request(request)
    setattr(request, SITE_GENERATION, (site.pk, site_gen))
    cache.set(key, {"version": version, "site_gen": site_gen, "site": site, "profile": profile},
              timeout=settings.GOVSITE_PAGE_CACHE_SECONDS)


# --- view restrictions ------------------------------------------------------------------------------------

def _restricted_key(site_id, site_gen):
    return f"{KEY_PREFIX}:restricted:{site_id}:{site_gen}"


def may_have_view_restrictions(site_id, site_gen, known=None):
    """Whether a page of this site may be under a 登录/密码 view restriction. Most platforms have none at all, so
    a public page need not ask its ancestors. The answer is kept under the site's generation read before the
    page rendered: a restriction added anywhere bumps the sites it touches (portal.cache_signals), so an answer
    from before it is never read again, as with page entries. `known`: the answer already read from the cache."""
    key = _restricted_key(site_id, site_gen)
    answer = cache.get(key) if known is None else known
    if answer is None:
        from wagtail.models import PageViewRestriction

        answer = PageViewRestriction.objects.exists()
        cache.set(key, answer, timeout=settings.GOVSITE_PAGE_CACHE_SECONDS)
    return answer


def serving_state(request, site_id, page_id):
    """((site generation, page generation), may the site have view restrictions) for a page about to render, in one
    round trip when the site's generation is already known for this request (the site frame read it); the
    site's menu entry is fetched along and kept on the request for site_menu."""
    site_gen = known_site_generation(request, site_id)
    if site_gen is None:
        generations = current_generations(site_id, page_id)
        return generations, may_have_view_restrictions(site_id, generations[0])
    page_key, restricted_key, menu_key = _page_key(page_id), _restricted_key(site_id, site_gen), _menu_key(site_id, site_gen)
    found = cache.get_many([page_key, restricted_key, menu_key])
    page_gen = found.get(page_key)
    if page_gen is None:
        cache.add(page_key, _fresh(), timeout=None)
        page_gen = cache.get(page_key)
    if menu_key in found:
        request._govsite_menu = (menu_key, found[menu_key])
    return (site_gen, page_gen), may_have_view_restrictions(site_id, site_gen, known=found.get(restricted_key))


# --- navigation, cached per site --------------------------------------------------------------------------

def _menu_key(site_id, site_gen):
    return f"{KEY_PREFIX}:menu:{site_id}:{site_gen}"


def site_menu(site, request=None):
    """The 主栏目 of a site's header: (title, url) of its live in-menu top columns. Every page shows it, so it is
    cached under the site's generation (bumped when a column changes) instead of a page-tree query per render."""
    site_gen = known_site_generation(request, site.pk) or site_generation(site.pk)
    key = _menu_key(site.pk, site_gen)
    prefetched = getattr(request, "_govsite_menu", None)
    menu = prefetched[1] if prefetched and prefetched[0] == key else cache.get(key)
    if menu is None:
        from wagtail.models import Page

        root = Page.objects.only("path", "depth", "url_path").get(pk=site.root_page_id)
        children = Page.objects.child_of(root).live().in_menu().only("title", "url_path")
        menu = [{"title": c.title, "url": c.url_path[len(root.url_path) - 1:]} for c in children]
        cache.set(key, menu, timeout=None)
    return menu
