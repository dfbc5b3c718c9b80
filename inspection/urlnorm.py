"""URLs as a link checker sees them: resolved against the page (and its <base href>), fragment dropped, and one
canonical percent-encoded spelling, so `/files/报告.pdf` and `/files/%E6%8A%A5%E5%91%8A.pdf` are the same link."""

from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

# Characters a path or query may carry unencoded (RFC 3986 unreserved + sub-delims + ":@/?"); everything else,
# raw Chinese included, is percent-encoded as UTF-8, as browsers do.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
NOT_CHECKED_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "sms:", "ftp:", "file:")


def canonical(url):
    """One spelling per resource: lower-case scheme and host, default port dropped, path and query re-encoded
    from their decoded form, no fragment. Returns None for what is not an http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    try:
        host = host.encode("idna").decode("ascii")  # 中文域名 (….政务) as punycode, the form DNS answers
    except UnicodeError:
        return None
    port = parts.port if parts.port and parts.port != {"http": 80, "https": 443}[scheme] else None
    netloc = f"{host}:{port}" if port else host
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    query = quote(parts.query, safe=_QUERY_SAFE + "%") if parts.query else ""  # escapes kept: & = + mean things here
    return urlunsplit((scheme, netloc, path, query, ""))


def resolve(href, base):
    """The canonical absolute URL of `href` found on a page whose base URL is `base`; None for links that are not
    checked (mailto:, javascript:, a bare #fragment, empty)."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(NOT_CHECKED_SCHEMES):
        return None
    try:
        return canonical(urljoin(base, href))
    except ValueError:  # a malformed port or IPv6 literal: reported by the caller as unparseable
        return None


@lru_cache(maxsize=1 << 16)
def _netloc(origin):
    return urlsplit(origin).netloc


def host_of(url):
    # the host part of a URL (asked for every request of a crawl): parsed once per scheme://host
    scheme, sep, rest = url.partition("://")
    if not sep:
        return urlsplit(url).netloc
    return _netloc(scheme + sep + rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0])


def readable(url):
    """The URL as a person reads it (Chinese path shown as characters)."""
    return unquote(url)
