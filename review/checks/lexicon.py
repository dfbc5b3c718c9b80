"""prohibited (block) and sensitive (warn, raises the review tier): lexicon terms found in the normalised text.

国办秘函〔2019〕19号 单项否决 #1(3): 发布或链接反动、暴力、色情等内容 (national-rules.md §2.2).
002 第十条: 严禁散布危害国家安全和社会稳定、宣传色情暴力等非法信息. 004 第十三条: 不承接任何非公益类广告宣传.
000 第六条 / 004 第十四条: 敏感事项 go up the review chain.

Terms are data (review/lexicons/prohibited/*.txt, sensitive/*.txt, plus the per-site lists of the
SiteLexicon model). A hit is not reported when:
  - a word of the text runs across its edge (平台|独立 is not 台独);
  - it lies inside an allowed phrase (税务机关代开发票) — the automaton prefers the longer phrase;
  - one of the term's `unless` words is in the sentence (代开发票 … 税务 …);
  - for a prohibited term, the sentence reports or warns about it (打击, 破获, 谨防 …, context.yaml) and does
    not also advertise it (价格优惠, 加微信 …).
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .base import BLOCK, PROHIBITED, SENSITIVE, WARN, Finding, _, data_path, read_lines, read_yaml
from .normalize import crosses_word, squeeze

KIND_LABELS = {
    "gambling": "赌博",
    "fake_documents": "假发票、假证件",
    "drugs": "毒品",
    "pornography": "色情",
    "fraud": "诈骗",
    "illegal_ads": "非法广告",
    "public_order": "社会稳定与国家安全",
    "emergencies": "突发事件与舆情",
    "site": "本站词库",
    "listed": "禁止链接名单",
}


GAP = "…"  # in a term, "代开…发票": up to GAP_CHARS characters (no punctuation) between the two parts
GAP_CHARS = 6
_GAP_FILL = re.compile(rf"[^，。、；：！？,.;:!?\s“”\"'（）()《》【】]{{0,{GAP_CHARS}}}")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # normalised; for a gapped term, the part before the gap
    category: str  # PROHIBITED or SENSITIVE
    kind: str
    unless: tuple = ()
    tail: str = ""  # the part after the gap ("发票" of "代开…发票")


def parse_term_line(line, category, kind):
    """`term` or `term<TAB>unless: word word …` → Term (None for an empty term). A term may hold one gap:
    "代开…发票" also finds 代开各种发票, 代开增值税专用发票."""
    head, _sep, tail = line.partition("\t")
    head, _gap, after = head.partition(GAP)
    text = squeeze(head)
    if not text:
        return None
    after = squeeze(after)
    unless = ()
    tail = tail.strip()
    if tail.startswith("unless:"):
        unless = tuple(squeeze(word) for word in tail[len("unless:") :].split() if squeeze(word))
    return Term(text, category, kind, unless, after)


class Lexicon:
    """Terms and allowed phrases; `merged` combines the platform list with a site's."""

    def __init__(self, terms=(), allowed=()):
        self.terms = {}
        self.gapped = {}
        for term in terms:
            if term.tail:
                self.gapped.setdefault(term.text, []).append(term)
                continue
            # A term listed as prohibited anywhere stays prohibited.
            known = self.terms.get(term.text)
            if known is None or (known.category == SENSITIVE and term.category == PROHIBITED):
                self.terms[term.text] = term
        self.allowed = {phrase for phrase in allowed if phrase}

    @classmethod
    def platform(cls, extra_terms=()):
        terms = []
        for category, folder in ((PROHIBITED, "prohibited"), (SENSITIVE, "sensitive")):
            for path in sorted(Path(data_path(folder)).glob("*.txt")):
                for line in read_lines(path):
                    term = parse_term_line(line, category, path.stem)
                    if term:
                        terms.append(term)
        terms.extend(extra_terms)
        allowed = [squeeze(line) for line in read_lines(data_path("allowed.txt"))]
        return cls(terms, allowed)

    @classmethod
    def from_text(cls, prohibited="", sensitive="", allowed=""):
        """A site's lists as typed in the admin: one term per line, `#` comments."""
        terms = []
        for category, text in ((PROHIBITED, prohibited), (SENSITIVE, sensitive)):
            for line in _lines(text):
                term = parse_term_line(line, category, "site")
                if term:
                    terms.append(term)
        return cls(terms, [squeeze(line) for line in _lines(allowed)])

    def all_terms(self):
        return list(self.terms.values()) + [term for terms in self.gapped.values() for term in terms]

    def merged(self, other):
        return Lexicon(self.all_terms() + other.all_terms(), self.allowed | other.allowed)

    def patterns(self):
        out = [(text, ("term", term)) for text, term in self.terms.items()]
        out += [(text, ("term", term)) for text, terms in self.gapped.items() for term in terms]
        out += [(phrase, ("allow", phrase)) for phrase in self.allowed]
        return out


def _lines(text):
    lines = []
    for raw in (text or "").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def _alternation(words):
    words = sorted({squeeze(w) for w in words if squeeze(w)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


class ContextRules:
    def __init__(self):
        data = read_yaml("context.yaml")
        self.reporting = _alternation(data["reporting"])
        self.promotion = _alternation(data["promotion"])

    def reported(self, rest):
        return self.reporting.search(rest) is not None and self.promotion.search(rest) is None


def term_finding(doc, context, term, start, end):
    """The Finding for a term hit at [start, end) of doc.norm, or None when the context clears it."""
    norm = doc.norm
    if crosses_word(norm, start, end):
        return None
    if term.tail:
        fill = _GAP_FILL.match(norm, end, end + GAP_CHARS)
        at = norm.find(term.tail, end, fill.end() + len(term.tail))
        if at == -1 or crosses_word(norm, at, at + len(term.tail)):
            return None
        end = at + len(term.tail)
    sentence, lo, _hi = doc.sentence(start, end)
    rest = sentence[: start - lo] + "\x00" + sentence[end - lo :]
    if term.unless and any(word in rest for word in term.unless):
        return None
    if term.category == PROHIBITED and context.reported(rest):
        return None
    raw_start, raw_end = doc.span_to_raw(start, end)
    match = doc.raw[raw_start:raw_end]
    kind = _(KIND_LABELS.get(term.kind, term.kind))
    if term.category == PROHIBITED:
        # 国办秘函〔2019〕19号 单项否决: 发布违法违规内容
        message = _("违禁内容（{kind}）：“{match}”，不得发布").format(kind=kind, match=match)
        return Finding(PROHIBITED, BLOCK, raw_start, raw_end, match, message)
    # 000 第六条: 敏感事项 go up the review chain
    message = _("敏感内容（{kind}）：“{match}”，请按敏感信息提级审核").format(kind=kind, match=match)
    return Finding(SENSITIVE, WARN, raw_start, raw_end, match, message)
