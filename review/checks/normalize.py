"""The views of one text that the checks read, and the map from the matching view back to the text as given.

    raw   the text as given (plain text or HTML); every offset a Finding reports is into this string
    view  same length as raw: HTML tags, comments, scripts blanked to spaces (block tags start with a
          newline), entities decoded in place; then NFKC-folded letters and digits, A-Z lowered,
          traditional characters made simplified (OpenCC t2s). Offsets into `view` are offsets into `raw`.
    norm  `view` without the spaces and symbols inserted between characters ("代 开 发 票", "代*开*发*票",
          "代<b>开</b>发票", zero-width spaces), which is what the lexicons are matched against;
          `to_raw()` maps an offset of `norm` back to `view`/`raw` through a sparse segment map.

Everything is done with str methods, regexes and OpenCC (C code); Python only loops over the removed
separators, which ordinary prose has few of.
"""

import html
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = CJK + "0-9a-z"
# Separators an obfuscator inserts between characters: blanks, zero-width and format characters, and
# symbols that are not Chinese sentence punctuation (，。、；：！？“”《》 are kept: they mean something).
WEAK = (
    " \t\f\v\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060-\u2064\u3000\ufeff\u00ad\u180e"
    r"*.\-_~^|/\\#@+=`&$"
    "·•‧∙・★☆※◆◇■□●○◎▲△▼▽♥♡♦♠♣√×～〜ˉ¯‐‑‒–—―⁄∕＊．－＿～＾｜／＼＃＠＋＝｀"
)
ENUM = "，,、"  # single characters separated by enumeration commas: "代，开，发，票"

# One leading character class, so the regex engine skips ordinary text at C speed; the lookbehinds then
# check the character before: a run of WEAK between a CJK character and a word character (or a letter or
# digit and a CJK character), or each comma of "X，Y，Z" where X, Y, Z are single CJK characters.
_SEPARATORS = re.compile(
    f"[{WEAK}{ENUM}](?:(?<=[{CJK}][{WEAK}])[{WEAK}]*(?=[{WORD}])"
    f"|(?<=[0-9a-z][{WEAK}])[{WEAK}]*(?=[{CJK}])"
    f"|(?<=[{CJK}][{ENUM}])(?=[{CJK}][{ENUM}][{CJK}])"
    f"|(?<=[{CJK}][{ENUM}][{CJK}][{ENUM}])(?=[{CJK}]))"
)

# HTML: a real tag somewhere makes the text HTML.
_HTML_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9]*\s*)>")
_HTML_TOKENS = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|<[^<>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});",
    re.S,
)
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|thead|tbody|h[1-6]|section|article|header|footer|blockquote|pre|hr|title|dd|dt|dl)\b",
    re.I,
)


def is_html(text):
    return _HTML_TAG.search(text) is not None


def _blank_token(match):
    token = match.group(0)
    n = len(token)
    if token[0] == "&":
        char = html.unescape(token)
        return (char if len(char) == 1 else " ") + " " * (n - 1) if char != token else token
    if _BLOCK_TAGS.match(token):
        return "\n" + " " * (n - 1)
    return " " * n


def html_text(text):
    """HTML with markup blanked to spaces, same length as the input, so offsets stay put."""
    return _HTML_TOKENS.sub(_blank_token, text)


@lru_cache(maxsize=1)
def _fold_table():
    """NFKC for letters and digits where it yields one character (full-width Ａ１, compatibility ideographs,
    ①), plus A-Z lowered. Multi-character compatibility forms (…, ⑩, ㎡) are left alone: offsets stay put."""
    table = {ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded != char and folded.isalnum():
            folded = folded.lower() if folded.isascii() else folded
            if len(folded) == 1:
                table[code] = ord(folded)
    return table


@lru_cache(maxsize=1)
def _fold_regex():
    codes = sorted(_fold_table())
    ranges, start, prev = [], codes[0], codes[0]
    for code in codes[1:]:
        if code == prev + 1:
            prev = code
            continue
        ranges.append((start, prev))
        start = prev = code
    ranges.append((start, prev))
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{cls}]+")


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _t2s_table():
    """Character-level t2s from OpenCC's own tables, used only if phrase conversion ever changes a length."""
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    converted = _opencc().convert("\n".join(chars)).split("\n")
    return {ord(a): b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _traditional_regex():
    """Characters OpenCC turns into other characters that a simplified text never uses (outside GB 2312).
    A text without any is left to itself: OpenCC's phrase conversion is skipped (most texts)."""
    def simplified(char):
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True

    chars = sorted(chr(code) for code in _t2s_table() if not simplified(chr(code)))
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def traditional(text):
    """True when the text holds a character only traditional writing uses."""
    return _traditional_regex().search(text) is not None


def fold(text):
    """Length-preserving NFKC letters/digits + lower-case + traditional→simplified."""
    table = _fold_table()
    text = _fold_regex().sub(lambda m: m.group(0).translate(table), text)
    traditional = _traditional_regex()
    first = traditional.search(text)
    if first is None:
        return text
    # Convert only the lines from the first to the last traditional character (OpenCC works by phrase).
    last = len(text) - traditional.search(text[::-1]).start()
    lo = text.rfind("\n", 0, first.start()) + 1
    hi = text.find("\n", last)
    hi = len(text) if hi == -1 else hi
    part = text[lo:hi]
    converted = _opencc().convert(part)
    if len(converted) != len(part):  # never seen with t2s; keep offsets exact regardless
        converted = part.translate(_t2s_table())
    return text[:lo] + converted + text[hi:]


def squeeze(text):
    """`fold` plus removal of inserted separators, for lexicon entries (no offsets needed)."""
    return _SEPARATORS.sub("", fold(text)).strip()


class Document:
    """One text prepared for checking. See the module docstring for raw / view / norm."""

    __slots__ = ("raw", "html", "view", "norm", "_norm_starts", "_view_starts", "_ends")

    def __init__(self, raw):
        self.raw = raw
        self._ends = None
        self.html = "<" in raw and is_html(raw)
        self.view = fold(html_text(raw) if self.html else raw)
        spans = [m.span() for m in _SEPARATORS.finditer(self.view)]
        if not spans:
            self.norm = self.view
            self._norm_starts = self._view_starts = None
            return
        view = self.view
        pieces, norm_starts, view_starts = [], [0], [0]
        pos = npos = 0
        for start, end in spans:
            pieces.append(view[pos:start])
            npos += start - pos
            pos = end
            norm_starts.append(npos)
            view_starts.append(end)
        pieces.append(view[pos:])
        self.norm = "".join(pieces)
        self._norm_starts = norm_starts
        self._view_starts = view_starts

    def sentence(self, start, end):
        """(sentence, lo, hi): the sentence of `norm` holding [start, end) (ends: 。！？；and newlines)."""
        ends = self._ends
        if ends is None:
            ends = self._ends = [m.start() for m in _SENTENCE_END.finditer(self.norm)]
        i = bisect_right(ends, start - 1)
        lo = ends[i - 1] + 1 if i else 0
        j = bisect_right(ends, end - 1)
        hi = ends[j] if j < len(ends) else len(self.norm)
        return self.norm[lo:hi], lo, hi

    def to_raw(self, pos):
        """Offset in `norm` → offset in `view` (== offset in `raw`)."""
        if self._norm_starts is None:
            return pos
        i = bisect_right(self._norm_starts, pos) - 1
        return self._view_starts[i] + pos - self._norm_starts[i]

    def span_to_raw(self, start, end):
        """A [start, end) span of `norm` → the span of `raw` from its first to its last character."""
        if self._norm_starts is None:
            return start, end
        if end <= start:
            return self.to_raw(start), self.to_raw(start)
        return self.to_raw(start), self.to_raw(end - 1) + 1


# -- sentences and words (on `norm`) --------------------------------------------------------------------

_SENTENCE_END = re.compile("[。！？!?；;\n]")


@lru_cache(maxsize=1)
def _jieba():
    import rjieba

    return rjieba


def crosses_word(norm, start, end, margin=6):
    """True when a word of the text runs across the edge of [start, end) without holding all of it:
    "台独" in 平台|独立, "援交" in 支援|交通, "自已" in 各自|已经 (jieba word segmentation, no HMM)."""
    lo = max(0, start - margin)
    hi = min(len(norm), end + margin)
    pos = lo
    for token in _jieba().cut(norm[lo:hi], False):
        t_start, t_end = pos, pos + len(token)
        pos = t_end
        if t_end <= start:
            continue
        if t_start >= end:
            break
        inside = start <= t_start and t_end <= end
        holds = t_start <= start and end <= t_end
        if not inside and not holds:
            return True
    return False
