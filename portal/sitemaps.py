"""Per-site sitemaps, generated when content changes, never per request (issue 11: a per-request build of a big
site took seconds and let four clients take the site down).

`/sitemap.xml` is a sitemap index; `/sitemap-<k>.xml` lists the site's live public pages whose id falls in
[k·PART_IDS, (k+1)·PART_IDS), so a part never holds more than PART_IDS URLs (the protocol's limit is 50,000) and a
publish rewrites only the part of that page's id. Files live under `<GOVSITE_PUBLIC_ROOT>/sitemaps/<hostname>/`,
where nginx can serve them directly; the views below serve the same files. URLs are absolute, from the site's own
hostname and port (the demo registers its sites on the port it serves on: seeds/demo.py)."""

import fcntl
import os
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.utils.encoding import iri_to_uri
from wagtail.models import Page, PageViewRestriction, Site

from .cache import public_root

PART_IDS = 40_000  # sitemaps.org: at most 50,000 URLs per file; page ids are unique, so a part holds fewer
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _site_dir(site):
    return public_root() / "sitemaps" / site.hostname.lower()


def _part_file(site, part):
    return _site_dir(site) / f"sitemap-{part}.xml"


def _write(target, text):
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{os.getpid()}.{uuid.uuid4().hex[:6]}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)  # readers see the old file or the new one, never half of one


@contextmanager
def _site_lock(site):
    directory = _site_dir(site)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _site_pages(site):
    root = site.root_page
    return Page.objects.filter(path__startswith=root.path, live=True)


def _restricted_paths(site):
    return list(PageViewRestriction.objects.filter(page__path__startswith=site.root_page.path).values_list("page__path", flat=True))


def _lastmod(value):
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00") if value else None


def build_part(site, part):
    """Write (or remove, when empty) one part; returns the number of URLs in it."""
    root_url = site.root_url
    root_url_path = site.root_page.url_path
    restricted = _restricted_paths(site)
    rows = (
        _site_pages(site).filter(pk__gte=part * PART_IDS, pk__lt=(part + 1) * PART_IDS)
        .order_by("pk").values_list("path", "url_path", "last_published_at")
    )
    lines, count = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{XMLNS}">'], 0
    for path, url_path, published in rows.iterator(chunk_size=5000):
        if any(path.startswith(r) for r in restricted):
            continue  # a page behind a 登录/密码 restriction is not announced
        loc = escape(iri_to_uri(root_url + url_path[len(root_url_path) - 1:]))
        lastmod = _lastmod(published)
        lines.append(f"<url><loc>{loc}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
        count += 1
    target = _part_file(site, part)
    if count:
        lines.append("</urlset>\n")
        _write(target, "\n".join(lines))
    else:
        target.unlink(missing_ok=True)
    return count


def build_index(site):
    """The index lists the part files that exist, with each part's time of writing as its lastmod."""
    parts = []
    directory = _site_dir(site)
    if directory.is_dir():
        for entry in directory.iterdir():
            stem = entry.name.removeprefix("sitemap-").removesuffix(".xml")
            if entry.name.startswith("sitemap-") and entry.name.endswith(".xml") and stem.isdigit():
                parts.append((int(stem), entry.stat().st_mtime))
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{XMLNS}">']
    for part, mtime in sorted(parts):
        stamp = datetime.fromtimestamp(mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        lines.append(f"<sitemap><loc>{escape(site.root_url)}/sitemap-{part}.xml</loc><lastmod>{stamp}</lastmod></sitemap>")
    lines.append("</sitemapindex>\n")
    _write(directory / "sitemap.xml", "\n".join(lines))


def build_site(site, parts=None):
    """Rebuild the given parts (all of the site's when None) and then the index, one builder per site."""
    with _site_lock(site):
        _build_site_locked(site, parts)


def _build_site_locked(site, parts=None):
    if parts is None:
        for stale in _site_dir(site).glob("sitemap-*.xml"):
            stale.unlink(missing_ok=True)
        parts = list(_site_pages(site).annotate(part=F("id") / PART_IDS).values_list("part", flat=True).order_by("part").distinct())
    for part in parts:
        build_part(site, part)
    build_index(site)


@shared_task(name="portal.rebuild_sitemaps")
def rebuild_sitemaps(site_id, parts=None):
    site = Site.objects.select_related("root_page").filter(pk=site_id).first()
    if site is not None:
        build_site(site, parts)


_deferred = ContextVar("govsite_sitemaps_deferred", default=None)


def schedule_rebuild(sites, page_ids=None):
    """After the change commits, rewrite the parts holding `page_ids` (every part when None) of each site: a
    Celery task (in-process when no REDIS_URL is set). Inside deferred_rebuilds() the parts are collected and
    each site is rebuilt once."""
    parts = sorted({pk // PART_IDS for pk in page_ids}) if page_ids else None
    collected = _deferred.get()
    for site in sites:
        if collected is not None:
            known = collected.setdefault(site.pk, set())
            if known is not None:
                collected[site.pk] = None if parts is None else known | set(parts)
            continue
        transaction.on_commit(lambda site_id=site.pk: rebuild_sitemaps.delay(site_id, parts))


@contextmanager
def deferred_rebuilds():
    """Bulk work (import_items publishing thousands of items) rebuilds each site's changed parts once, after
    commit, instead of once per published page."""
    collected = {}
    token = _deferred.set(collected)
    try:
        yield
    finally:
        _deferred.reset(token)
    for site_id, parts in collected.items():
        transaction.on_commit(lambda site_id=site_id, parts=parts: rebuild_sitemaps.delay(
            site_id, None if parts is None else sorted(parts)))


# --- views ----------------------------------------------------------------------------------------------------

def _serve(site, target):
    if not (_site_dir(site) / "sitemap.xml").exists():
        # First request on a fresh installation (nothing published since): one build under the site's lock;
        # concurrent requests wait for it and then read its files instead of each building their own.
        with _site_lock(site):
            if not (_site_dir(site) / "sitemap.xml").exists():
                _build_site_locked(site)
    if not target.exists():
        raise Http404("该网站地图不存在")
    response = HttpResponse(target.read_bytes(), content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def sitemap_index(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有对应的网站")
    return _serve(site, _site_dir(site) / "sitemap.xml")


def sitemap_part(request, part):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有对应的网站")
    return _serve(site, _part_file(site, part))
