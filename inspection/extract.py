"""The links of one HTML page: a/area href, img/script/iframe/frame/embed/source/audio/video src, link href,
object data; and the page's <base href>, which every relative link resolves against.

Read with regular expressions over the tags that carry links (not a full HTML parser: a crawl parses every page,
and html.parser spent more time on the tags without links than the checker spent on the links). Comments and the
text inside <script>/<style> are skipped as a browser skips them; attribute values are unescaped (&amp;)."""

import re
from functools import lru_cache
from html import unescape
from urllib.parse import urlsplit

from .urlnorm import resolve

LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src",),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "object": ("data",),
}
# <link rel=…> values whose href is not a resource the page loads or offers (a hint to the browser).
_HINT_RELS = {"dns-prefetch", "preconnect"}
# Tags whose target is loaded as part of the page (the rest are navigation a citizen follows).
EMBEDDED_TAGS = {"img", "script", "link", "embed", "source", "audio", "video", "object"}

_SKIPPED = re.compile(r"<!--.*?(?:-->|\Z)|(<(script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>).*?(?:</\2\s*>|\Z)", re.S | re.I)
_TAG = re.compile(r"<(%s|base)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>" % "|".join(sorted(LINK_ATTRIBUTES, key=len, reverse=True)),
                  re.I)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _keep_tag(match):
    return match.group(1) or ""  # a <script>/<style> keeps its opening tag (src), loses its text; a comment goes


def _attributes(text):
    found = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        name = name.lower()
        if name not in found:  # the first of a repeated attribute wins, as in browsers
            found[name] = unescape(double or single or bare) if "&" in (double or single or bare) else (double or single or bare)
    return found


def raw_links(html):
    """(base href or None, [(tag, value)] in document order)."""
    base, raw = None, []
    for tag, text in _TAG.findall(_SKIPPED.sub(_keep_tag, html)):
        tag = tag.lower()
        attributes = _attributes(text)
        if tag == "base":
            if base is None and attributes.get("href"):
                base = attributes["href"]
            continue
        if tag == "link" and set(attributes.get("rel", "").lower().split()) & _HINT_RELS:
            continue
        for name in LINK_ATTRIBUTES[tag]:
            value = attributes.get(name)
            if value:
                raw.append((tag, value))
    return base, raw


@lru_cache(maxsize=1 << 16)
def _resolve(value, base):
    return resolve(value, base)


def page_links(html, page_url):
    """[(tag, canonical absolute URL)] of the page, each URL once, resolved against <base href> when present."""
    from urllib.parse import urljoin

    base_href, found = raw_links(html)
    base = urljoin(page_url, base_href) if base_href else page_url
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}/"  # urljoin(base, "/x") == urljoin(origin, "/x")
    directory = f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"  # urljoin(base, "x") == urljoin(directory, "x")
    seen, links = set(), []
    for tag, value in found:
        stripped = value.strip()
        # The same result from a shorter key, so that the cache serves links repeated across pages: an absolute
        # URL or a path from the root ("/x", "//host/x") depends only on the page's origin, a relative path only
        # on the page's directory; only "?query" and "" depend on the whole page address.
        if stripped.startswith("/") or _SCHEME.match(stripped):
            key = origin
        elif stripped and stripped[0] not in "?#":
            key = directory
        else:
            key = base
        url = _resolve(stripped, key)
        if url and url not in seen:
            seen.add(url)
            links.append((tag, url))
    return links
