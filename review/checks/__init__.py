"""Pre-publish content checks (DESIGN.md §3, `check_content`).

One function, `check_text(text, site=None, *, title=None, page_id=None) -> list[Finding]`, serves the
publishing flow, the inspection of published content and the screening of citizen messages.

    secret.py      secret_marking   block   密级标志, 内部资料, 此件不公开, 本件含有国家秘密
    lexicon.py     prohibited       block   gambling, fake invoices/certificates, drugs, pornography, fraud, ads
                   sensitive        warn    raises the item to 敏感
    personal.py    personal_info    block   身份证号, mobile, bank card, passport numbers
    typos.py       severe_typo      block   canonical names written wrongly; warn for common 错别字
    formatting.py  format           warn    HTML colour, font, size, line spacing, empty paragraphs, long titles
    titles.py      duplicate_title  warn    same title already published on the site
    links.py       link             warn    commercial domains, http where https is required; block for listed ones

Lexicon terms, allowed phrases, canonical names and their near misses, 错别字 and the secret-marking
anchors are all found in one Aho-Corasick (ahocorasick-rs) scan of the normalised text. The platform
automaton is built once per version of the data files and reused; a site's own terms (SiteLexicon) get a
small second automaton, rebuilt when the row's version counter changes (checked on each call).
Nothing here imports Django at module level: bench and plain scripts call check_text without settings.
"""

import threading
import time

import ahocorasick_rs

from . import formatting, links, personal, secret, titles
from .base import (
    BLOCK,
    CATEGORIES,
    PROHIBITED,
    SECRET,
    SENSITIVE,
    TYPO,
    WARN,
    Finding,
    category_label,
    data_version,
    severity_label,
)
from .lexicon import ContextRules, Lexicon, term_finding
from .normalize import Document
from .typos import TypoRules, name_finding, pair_finding

__all__ = [
    "BLOCK",
    "CATEGORIES",
    "WARN",
    "Checker",
    "Finding",
    "category_label",
    "check_text",
    "extract_urls",
    "has_blocking",
    "severity_label",
    "suggested_tier",
]

_ORDER = {category: i for i, category in enumerate(CATEGORIES)}


def _automaton(patterns):
    """(automaton, payloads by pattern index) for [(pattern, payload)]; one pattern may carry several payloads."""
    index, strings, payloads = {}, [], []
    for text, payload in patterns:
        if not text:
            continue
        i = index.get(text)
        if i is None:
            index[text] = i = len(strings)
            strings.append(text)
            payloads.append([])
        payloads[i].append(payload)
    if not strings:
        return None, []
    automaton = ahocorasick_rs.AhoCorasick(strings, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return automaton, [tuple(p) for p in payloads]


def _unique(patterns):
    """[(pattern, [payload data …])] with each pattern once (payload data of ("near", data) pairs)."""
    merged = {}
    for text, payload in patterns:
        merged.setdefault(text, []).append(payload[1])
    return list(merged.items())


class SiteRules:
    """What one site adds: its lexicon (and its parents'), link lists, format settings, title window."""

    def __init__(
        self, site=None, lexicon=None, link_rules=None, format_rules=None, title_days=365, key=None, published_titles=None
    ):
        self.site = site
        self.published_titles = published_titles
        self.lexicon = lexicon
        self.link_rules = link_rules
        self.format_rules = format_rules
        self.title_days = title_days
        self.key = key
        self.automaton, self.payloads = (None, [])
        self.allowed = frozenset()

    def compile(self, platform_allowed):
        if self.lexicon is not None and (self.lexicon.terms or self.lexicon.gapped or self.lexicon.allowed):
            patterns = self.lexicon.patterns() + [(phrase, ("allow", phrase)) for phrase in platform_allowed]
            self.automaton, self.payloads = _automaton(patterns)
        return self


class Checker:
    """The compiled platform rules. Build once, call `check` many times (thread-safe: read-only)."""

    def __init__(self, lexicon=None, typo_rules=None, link_rules=None):
        self.lexicon = lexicon if lexicon is not None else Lexicon.platform()
        self.typos = typo_rules if typo_rules is not None else TypoRules()
        self.secret = secret.SecretRules()
        self.context = ContextRules()
        self.personal = personal.PersonalRules()
        self.link_rules = link_rules if link_rules is not None else links.LinkRules.platform()
        self.format_rules = formatting.FormatRules.platform()
        typo_patterns = self.typos.patterns()
        patterns = self.lexicon.patterns() + typo_patterns + self.secret.anchors()
        self.automaton, self.payloads = _automaton(patterns)
        self.pattern_count = len(self.payloads)
        # The shared scan reports one (leftmost-longest) pattern per place; where it hits a near-miss anchor,
        # this overlapping automaton of the typo patterns alone lists every anchor there, so that a longer
        # anchor of one name does not hide the anchor of another.
        near = _unique([(text, payload) for text, payload in typo_patterns if payload[0] == "near"])
        self._near_automaton = (
            ahocorasick_rs.AhoCorasick([t for t, _p in near], matchkind=ahocorasick_rs.MatchKind.Standard) if near else None
        )
        self._near_payloads = [p for _t, p in near]
        self._longest_name = max((len(n.text) for n in self.typos.names), default=0)

    # -- the scan -----------------------------------------------------------------------------------

    def _scan(self, doc, automaton, payloads, terms, allowed, out):
        norm = doc.norm
        for index, start, end in automaton.find_matches_as_indexes(norm):
            near_done = False
            for kind, data in payloads[index]:
                if kind == "term":
                    terms.append((start, end, data))
                elif kind == "allow":
                    allowed.append((start, end))
                elif kind == "canon":
                    # A correct name can start a longer one written wrongly (全国人民代表大会 in 全国人民代表大会常务伟圆会)
                    # and hides that name's anchor from this scan: names reaching past the correct one are checked.
                    if not near_done and self._near_automaton is not None:
                        self._near_region(doc, start, end, out, past=end)
                        near_done = True
                elif kind == "near":
                    if not near_done:
                        self._near_region(doc, start, end, out)
                        near_done = True
                elif kind == "pair":
                    if self.typos.pair_ok(norm, start, end):
                        finding = pair_finding(doc, (start, end), data)
                        if finding:
                            out.append(finding)
                elif kind == "secret":
                    finding = secret.secret_finding(doc, self.secret, data, start, end)
                    if finding:
                        out.append(finding)

    def _near_region(self, doc, start, end, out, past=None):
        """Verify every near-miss anchor that starts in [start, end) (see __init__); with `past`, not for names
        lying inside [start, past) (that text is a correct name)."""
        norm = doc.norm
        segment = norm[start : min(len(norm), end + self._longest_name)]
        seen = set()
        for index, s, _e in self._near_automaton.find_matches_as_indexes(segment, overlapping=True):
            if s >= end - start:
                continue
            for name_index, offset in self._near_payloads[index]:
                key = (name_index, start + s - offset)
                inside = past is not None and start <= key[1] and key[1] + len(self.typos.names[name_index].text) <= past
                if key in seen or inside:
                    continue
                seen.add(key)
                near = self.typos.near_miss(doc, start + s, name_index, offset)
                if near:
                    out.append(name_finding(doc, near))

    def check(self, text, site_rules=None, *, title=None, page_id=None):
        doc = Document(text)
        out, terms, allowed = [], [], []
        if self.automaton is not None:
            self._scan(doc, self.automaton, self.payloads, terms, allowed, out)
        if site_rules is not None and site_rules.automaton is not None:
            self._scan(doc, site_rules.automaton, site_rules.payloads, terms, allowed, out)
        for start, end, term in terms:
            if allowed and any(a <= start and end <= b for a, b in allowed):
                continue
            finding = term_finding(doc, self.context, term, start, end)
            if finding:
                out.append(finding)
        out.extend(personal.findings(doc, self.personal))
        link_rules = site_rules.link_rules if site_rules is not None and site_rules.link_rules else self.link_rules
        out.extend(links.findings(text, link_rules))
        format_rules = site_rules.format_rules if site_rules is not None and site_rules.format_rules else self.format_rules
        if doc.html:
            out.extend(formatting.findings(text, format_rules, title))
        elif title:
            out.extend(formatting.title_findings(text, format_rules, title))
        if site_rules is not None and (site_rules.site is not None or site_rules.published_titles is not None):
            out.extend(
                titles.findings(
                    text, doc.html, site_rules.site, title=title, page_id=page_id,
                    since_days=site_rules.title_days, published=site_rules.published_titles,
                )
            )
        return _tidy(out)


def _tidy(findings):
    """Sort by position; drop exact repeats; fuse overlapping secret markings (密级：机密★10年)."""
    findings = sorted(set(findings), key=lambda f: (f.start, _ORDER.get(f.category, 99), -f.end, f.severity))
    out = []
    for finding in findings:
        if out and finding.category == SECRET:
            for i in range(len(out) - 1, -1, -1):
                prev = out[i]
                if prev.category == SECRET and prev.start <= finding.start < prev.end:
                    if finding.end > prev.end:
                        match = prev.match + finding.match[prev.end - finding.start :]
                        out[i] = Finding(SECRET, BLOCK, prev.start, finding.end, match, prev.message.replace(prev.match, match, 1))
                    break
            else:
                out.append(finding)
            continue
        out.append(finding)
    # A finding inside another of its category (办理假证 ⊃ 假证), or two near misses of one text: keep one.
    result = []
    for finding in out:
        if result and finding.category in _NESTING and any(
            r.category == finding.category
            and (r.start <= finding.start and finding.end <= r.end or (finding.category == TYPO and r.start < finding.end and finding.start < r.end))
            for r in result[-4:]
        ):
            continue
        result.append(finding)
    return result


_NESTING = (PROHIBITED, SENSITIVE, TYPO)


# -- the shared, versioned instances -------------------------------------------------------------------

_lock = threading.Lock()
_platform = {"checker": None, "version": None, "checked": 0.0}
_site_cache = {}
_chain_cache = {}
VERSION_CHECK_SECONDS = 2.0
CHAIN_CACHE_SECONDS = 60.0


def platform_checker():
    """The platform Checker, rebuilt when a data file under review/lexicons/ changes."""
    now = time.monotonic()
    checker = _platform["checker"]
    if checker is not None and now - _platform["checked"] < VERSION_CHECK_SECONDS:
        return checker
    version = data_version()
    if checker is None or version != _platform["version"]:
        with _lock:
            if _platform["checker"] is None or version != _platform["version"]:
                from .base import read_yaml

                read_yaml.cache_clear()
                _platform["checker"] = Checker()
                _platform["version"] = version
                _site_cache.clear()
    _platform["checked"] = now
    return _platform["checker"]


def _resolve_site(site):
    """A Wagtail Site from a Site, a SiteProfile or a site code."""
    if site is None:
        return None
    if isinstance(site, str):
        from sites.services import profile_by_code

        return profile_by_code(site).site
    if hasattr(site, "root_page_id"):
        return site
    return getattr(site, "site", site)


def _site_chain(site):
    """Site ids from this site up through its parents in the 站群 (SiteProfile.parent)."""
    now = time.monotonic()
    cached = _chain_cache.get(site.pk)
    if cached and now - cached[1] < CHAIN_CACHE_SECONDS:
        return cached[0]
    from sites.services import site_and_ancestor_ids

    chain = site_and_ancestor_ids(site)
    _chain_cache[site.pk] = (chain, now)
    return chain


def site_rules_for(site, checker):
    """SiteRules for a Wagtail Site; the rows' version counters are read on every call, the compiled
    automaton is reused until one of them changes (an admin edited a lexicon)."""
    from review.models import SiteLexicon

    chain = _site_chain(site)
    # (row id, version, updated_at): a row deleted and created again starts at version 1 but is still new.
    versions = {
        sid: (pk, version, updated)
        for sid, pk, version, updated in SiteLexicon.objects.filter(site_id__in=chain).values_list(
            "site_id", "pk", "version", "updated_at"
        )
    }
    key = (id(checker), tuple((sid, versions.get(sid)) for sid in chain))
    cached = _site_cache.get(site.pk)
    if cached is not None and cached.key == key:
        return cached
    rows = {row.site_id: row for row in SiteLexicon.objects.filter(site_id__in=chain)}
    lexicon = Lexicon()
    blocked, trusted = [], []
    for sid in chain:
        row = rows.get(sid)
        if row is not None:
            lexicon = lexicon.merged(Lexicon.from_text(row.prohibited_terms, row.sensitive_terms, row.allowed_terms))
            blocked += row.domain_list("blocked_domains")
            trusted += row.domain_list("trusted_domains")
    own = rows.get(site.pk)
    link_rules = checker.link_rules.for_site(blocked, trusted, require_https=bool(own and own.require_https))
    format_rules = formatting.FormatRules(
        font=(own.body_font if own and own.body_font else checker.format_rules.font),
        title_max_length=(own.max_title_length if own else checker.format_rules.title_max_length),
    )
    title_days = own.duplicate_title_days if own else 365
    rules = SiteRules(site, lexicon, link_rules, format_rules, title_days, key).compile(checker.lexicon.allowed)
    _site_cache[site.pk] = rules
    return rules


def reset_caches():
    """Forget compiled site rules and site chains (tests; a SiteProfile's parent changed)."""
    _site_cache.clear()
    _chain_cache.clear()


def check_text(text, site=None, *, title=None, page_id=None):
    """All pre-publish checks on one text (plain text or HTML). `site`: a Wagtail Site (or SiteProfile, or
    site code) to apply its lexicon, link and format settings and the duplicate-title check."""
    checker = platform_checker()
    site = _resolve_site(site)
    site_rules = site_rules_for(site, checker) if site is not None else None
    return checker.check(text, site_rules, title=title, page_id=page_id)


def extract_urls(text):
    """[(start, end, url)] of the links in a text, for review.tasks.check_dead_links (run it with .delay)."""
    return platform_checker().link_rules.urls(text)


def has_blocking(findings):
    return any(f.severity == BLOCK for f in findings)


def suggested_tier(findings):
    """The review tier the findings call for: "sensitive" (敏感) when any sensitive finding, else "general"."""
    return "sensitive" if any(f.category == SENSITIVE for f in findings) else "general"

