"""The links of one HTML page: a/area href, img/script/iframe/frame/embed/source/audio/video src, link href,
object data; and the page's <base href>, which every relative link resolves against."""

from html.parser import HTMLParser

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


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.base = None
        self.raw = []  # (tag, value) in document order

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "base" and self.base is None and attributes.get("href"):
            self.base = attributes["href"]
            return
        if tag == "link" and set((attributes.get("rel") or "").lower().split()) & _HINT_RELS:
            return
        for name in LINK_ATTRIBUTES.get(tag, ()):
            value = attributes.get(name)
            if value:
                self.raw.append((tag, value))

    handle_startendtag = handle_starttag


def page_links(html, page_url):
    """[(tag, canonical absolute URL)] of the page, each URL once, resolved against <base href> when present."""
    from urllib.parse import urljoin

    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser copes with nearly anything; a truly broken page keeps what was read
        pass
    base = urljoin(page_url, parser.base) if parser.base else page_url
    seen, links = set(), []
    for tag, value in parser.raw:
        url = resolve(value, base)
        if url and url not in seen:
            seen.add(url)
            links.append((tag, url))
    return links
