"""link (warn; block for listed bad domains), and prohibited for links to gambling or adult sites.

004 第十三条: 不得与不良网站、非法网站建立链接, 不承接任何非公益类广告宣传. 国办秘函〔2019〕19号 单项否决
#1(3): 发布或链接反动、暴力、色情等内容. Dead links (国办秘函〔2019〕19号 扣分: 链接可用性) are checked
asynchronously by review.tasks.check_dead_links, which calls `probe` here.
"""

import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .base import BLOCK, LINK, PROHIBITED, WARN, Finding, _, read_yaml
from .lexicon import KIND_LABELS

_STOP = r"\s<>\"'`\u3000-\u303f\uff00-\uffef\u3400-\u9fff"
_SCHEME_URL = re.compile(rf"(?i)(?:https?|ftp)://[^{_STOP}]+")
_TRAILING = ".,;:!?)]}'\""
_DOT_LETTER = re.compile(r"[a-zA-Z0-9]\.[a-zA-Z]")
_WWW = re.compile(rf"(?i)www\.(?:[a-z0-9\-]+\.)+[a-z]{{2,24}}(?![a-z0-9\-_@])(?::[0-9]{{2,5}})?(?:/[^{_STOP}]*)?")
_GLUED_BEFORE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-/@_")


@dataclass
class LinkRules:
    """Link rules of the platform (domains.yaml) plus one site's additions (SiteLexicon)."""

    blocked: dict = field(default_factory=dict)  # domain → kind
    bad_tlds: dict = field(default_factory=dict)
    bad_host_words: dict = field(default_factory=dict)
    government: tuple = ()
    trusted: tuple = ()
    commercial: tuple = ()
    require_https: bool = False

    @classmethod
    def platform(cls):
        data = read_yaml("domains.yaml")
        return cls(
            blocked={item["domain"].lower(): item["kind"] for item in data["blocked"]},
            bad_tlds=dict(data["bad_tlds"]),
            bad_host_words=dict(data["bad_host_words"]),
            government=tuple(s.lower() for s in data["government_suffixes"]),
            trusted=tuple(s.lower() for s in data["trusted_suffixes"]),
            commercial=tuple(sorted((s.lower() for s in data["commercial_tlds"]), key=len, reverse=True)),
        )

    def for_site(self, blocked=(), trusted=(), require_https=False):
        merged = dict(self.blocked)
        merged.update({domain.lower(): "listed" for domain in blocked})
        return LinkRules(
            blocked=merged,
            bad_tlds=self.bad_tlds,
            bad_host_words=self.bad_host_words,
            government=self.government,
            trusted=self.trusted + tuple(d.lower() for d in trusted),
            commercial=self.commercial,
            require_https=require_https,
        )

    def __post_init__(self):
        tlds = {t.split(".")[-1] for t in self.commercial} | set(self.bad_tlds) | {"gov", "org", "edu", "int", "mil"}
        tlds |= {domain.rsplit(".", 1)[-1] for domain in self.blocked}
        tlds = sorted(tlds, key=len, reverse=True)
        # Starts with a character class so the engine skips CJK text at C speed; the character before the
        # match (not part of a longer name, an e-mail address or a path) is checked in `urls`.
        self._bare = re.compile(
            rf"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{{0,61}}[a-zA-Z0-9])?\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-]{{0,61}}[a-zA-Z0-9])?\.)*(?i:{'|'.join(tlds)})(?![a-zA-Z0-9\-_@])(?::[0-9]{{2,5}})?(?:/[^{_STOP}]*)?"
        )

    # -- classification -----------------------------------------------------------------------------

    @staticmethod
    def _under(host, suffixes):
        return any(host == s.lstrip(".") or host.endswith(s if s.startswith(".") else "." + s) for s in suffixes)

    def bad_kind(self, host):
        """The prohibited kind of a host (gambling, pornography …), "listed", or None."""
        labels = host.split(".")
        for i in range(len(labels) - 1):
            kind = self.blocked.get(".".join(labels[i:]))
            if kind:
                return kind
        kind = self.bad_tlds.get(labels[-1])
        if kind:
            return kind
        for label in re.split(r"[.\-]", host):
            kind = self.bad_host_words.get(label)
            if kind:
                return kind
            for word, kind in self.bad_host_words.items():
                if len(word) >= 5 and word in label:
                    return kind
        return None

    def commercial_host(self, host):
        if self._under(host, self.government) or self._under(host, self.trusted):
            return False
        return any(host.endswith("." + tld) for tld in self.commercial)

    def urls(self, text):
        """[(start, end, url)] of absolute links and bare web addresses in the raw text."""
        found = []
        taken = []
        if "://" in text:
            for m in _SCHEME_URL.finditer(text):
                start, end = m.start(), _trim(text, m.start(), m.end())
                found.append((start, end, text[start:end]))
                taken.append((start, end))
        if _DOT_LETTER.search(text) is None:
            return found
        candidates = self._bare.finditer(text)
        if "www." in text or "WWW." in text:
            candidates = itertools.chain(_WWW.finditer(text), candidates)
        for m in candidates:
            start, end = m.start(), _trim(text, m.start(), m.end())
            if start and text[start - 1] in _GLUED_BEFORE:
                continue
            if any(a <= start < b for a, b in taken):
                continue
            taken.append((start, end))
            found.append((start, end, text[start:end]))
        found.sort()
        return found


def _trim(text, start, end):
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def host_of(url):
    target = url if "://" in url else "http://" + url
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def findings(raw, rules):
    if "." not in raw:
        return []
    out = []
    for start, end, url in rules.urls(raw):
        host = host_of(url)
        if not host or "." not in host:
            continue
        problems, severity = [], WARN
        kind = rules.bad_kind(host)
        if kind:
            severity = BLOCK
            # 004 第十三条: 不得与不良网站、非法网站建立链接
            problems.append(_("链接指向禁止链接的网站（{kind}）").format(kind=_(KIND_LABELS.get(kind, kind))))
            if kind != "listed":
                # 国办秘函〔2019〕19号 单项否决: 链接色情、赌博等内容
                message = _("链接指向{kind}网站“{host}”，不得发布").format(kind=_(KIND_LABELS.get(kind, kind)), host=host)
                out.append(Finding(PROHIBITED, BLOCK, start, end, url, message))
        elif rules.commercial_host(host):
            # 004 第十三条: 不承接任何非公益类广告宣传
            problems.append(_("链接指向非政府的商业网站“{host}”，请确认确有必要").format(host=host))
        if rules.require_https and url.lower().startswith("http://"):
            problems.append(_("本站要求使用 https 链接"))
        if problems:
            out.append(Finding(LINK, severity, start, end, url, "；".join(problems)))
    return out


def probe(url, timeout=5.0):
    """(status, error) of one URL: HEAD, then GET where HEAD is refused. status None when unreachable."""
    import socket
    import urllib.error
    import urllib.request

    headers = {"User-Agent": "govsite-linkcheck/1.0"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
                return response.status, ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return exc.code, str(exc.reason)
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return None, str(reason)
    return None, "unreachable"
