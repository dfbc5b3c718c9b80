"""Serves anonymous visitors' public pages from the page cache (portal.cache) before any other middleware runs,
stores what Wagtail rendered for them, and gives every public page its validators (ETag, Last-Modified) and
Cache-Control, answering 304 to a conditional GET."""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import cache as page_cache

# Set on the request by the before_serve_page hook (portal.cache_signals) for a public page that may be stored:
# (site id, page id, (site generation, page generation) read before the page rendered, whether it may be a file).
CACHEABLE = "govsite_cacheable_page"


def _anonymous(request):
    # Decided from the cookie alone: asking request.user would read the session and make every page Vary: Cookie.
    # A visitor with any session (an editor, or someone who sent a form) is served fresh pages, never stored ones.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _with_validators(request, response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    patch_cache_control(response, public=True, max_age=settings.GOVSITE_PUBLIC_MAX_AGE, must_revalidate=True)
    return get_conditional_response(request, etag=etag, last_modified=_parse(last_modified), response=response)


def _parse(http_date_text):
    from django.utils.http import parse_http_date_safe

    return parse_http_date_safe(http_date_text)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        candidate = request.method in ("GET", "HEAD") and _anonymous(request) and page_cache.cacheable_query(request)
        if candidate:
            entry = page_cache.lookup(request)  # on a miss, the site frame is in place
            if entry is not None:
                response = HttpResponse(entry["body"])
                for header, value in entry["headers"].items():
                    response[header] = value
                response["X-Page-Cache"] = "hit"
                return _with_validators(request, response, entry["etag"], entry["last_modified"])

        response = self.get_response(request)
        marked = getattr(request, CACHEABLE, None)
        if marked is None:
            return response
        if not _anonymous(request) or request.method not in ("GET", "HEAD"):
            # A page rendered for someone signed in (or with a session) is theirs alone.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not self._storable(response):
            return response
        if not candidate:  # an anonymous page under a query we do not keep (?utm_…): validators, no entry
            etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
            response["X-Page-Cache"] = "bypass"
            return _with_validators(request, response, etag, http_date(time.time()))
        site_id, page_id, generations, as_file = marked
        entry = page_cache.store_entry(request, response, site_id, page_id, generations)
        if as_file and not request.META.get("QUERY_STRING"):
            page_cache.write_static_file(request, entry["body"], site_id, page_id, generations)
        response["X-Page-Cache"] = "miss"
        return _with_validators(request, response, entry["etag"], entry["last_modified"])

    @staticmethod
    def _storable(response):
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "cookie" not in vary
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )
