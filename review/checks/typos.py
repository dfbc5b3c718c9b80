"""severe_typo: canonical names and formulations written wrongly (block), and common 错别字 (warn).

国办秘函〔2019〕19号 单项否决 #1(1): 严重表述错误 (national-rules.md §2.2). 003 第十六条: 内容表述是否规范、准确.

A near miss of a canonical name has the same length and differs by one character replaced with a
same-sounding (pypinyin, toneless) or similar-looking one (similar_chars.txt), or by two neighbours
swapped; names of seven characters or more may have two replacements. All of it is found by the shared
Aho-Corasick scan: the automaton holds each name (a hit means "written correctly"), every one-character
variant and swap of it, and, for the long names, their halves and the one-character variants of their first
half as anchors; an anchor hit is verified against the whole window in Python.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .base import BLOCK, TYPO, WARN, Finding, _, data_path, read_lines
from .normalize import crosses_word, squeeze, traditional


_PARTICLES = frozenset("是的了在和与及或")


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    person: bool


@lru_cache(maxsize=1)
def common_chars():
    """GB 2312 level-1 characters (the 3,755 most used): the characters an input method offers first."""
    chars = set()
    for code in range(0x4E00, 0x9FA6):
        char = chr(code)
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if encoded[0] < 0xD8:
            chars.add(char)
    return chars


def _toneless(reading):
    # ü is u + U+0308 once decomposed: it becomes v (as pinyin input methods type it) before the tone marks go,
    # so 绿 (lǜ) does not sound like 路 (lù), nor 女 (nǚ) like 努 (nǔ).
    reading = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(ch for ch in reading if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _sound_index():
    """char → toneless default reading, and reading → common characters with it."""
    from pypinyin import pinyin_dict

    table = pinyin_dict.pinyin_dict
    reading_of, by_reading = {}, {}
    for char in common_chars():
        readings = table.get(ord(char))
        if readings:
            reading = _toneless(readings.split(",")[0])
            reading_of[char] = reading
            by_reading.setdefault(reading, set()).add(char)
    return reading_of, by_reading


def _fuzzy_readings(reading):
    """The readings an author confuses when typing pinyin: 平翘舌 (z/zh, c/ch, s/sh), n/l, and 前后鼻音
    (in/ing, en/eng, an/ang); the usual 模糊音 of Chinese input methods."""
    out = {reading}
    for flat, curled in (("z", "zh"), ("c", "ch"), ("s", "sh")):
        if reading.startswith(curled):
            out.add(flat + reading[2:])
        elif reading.startswith(flat):
            out.add(curled + reading[1:])
    if reading[:1] in ("n", "l") and len(reading) > 1:
        out.add({"n": "l", "l": "n"}[reading[0]] + reading[1:])
    for r in list(out):
        if r.endswith("ng"):
            out.add(r[:-1])
        elif r.endswith("n"):
            out.add(r + "g")
    return out


# Names this long are matched with fuzzy readings too; shorter ones (three-character personal names) only
# with identical readings, so that ordinary words are not taken for a misspelt name.
FUZZY_MIN_LENGTH = 4


def _reading(char):
    reading_of, _ = _sound_index()
    if char in reading_of:
        return reading_of[char]
    from pypinyin import pinyin_dict

    readings = pinyin_dict.pinyin_dict.get(ord(char))
    return _toneless(readings.split(",")[0]) if readings else None


class TypoRules:
    """Canonical names, similar characters and 错别字 pairs, loaded from review/lexicons/."""

    def __init__(self, names=None, pairs=None, similar_groups=None, political_context=None):
        if names is None:
            names, political_context = _load_names()
        if pairs is None:
            pairs = _load_pairs()
        if similar_groups is None:
            similar_groups = [squeeze(line) for line in read_lines(data_path("similar_chars.txt"))]
        self.names = names
        self.name_set = {name.text for name in names}
        # A titled form (习近平总书记, 李强总理) reports a misspelt name as the name alone: (offset, length).
        persons = sorted((n.text for n in names if n.person), key=len, reverse=True)
        self._person_part = []
        for name in names:
            part = None
            if not name.person:
                for person in persons:
                    if name.text.startswith(person):
                        part = (0, len(person))
                        break
                    if name.text.endswith(person):
                        part = (len(name.text) - len(person), len(person))
                        break
            self._person_part.append(part)
        self.pairs = pairs
        self.political_context = tuple(political_context or ())
        self._looks = {}
        for group in similar_groups:
            for char in group:
                self._looks.setdefault(char, set()).update(c for c in group if c != char)
        self._similar_cache = {}

    # -- similarity ---------------------------------------------------------------------------------

    def similar(self, char, fuzzy=False):
        """Characters an author may have typed instead of `char`: same toneless reading (or, with `fuzzy`,
        a reading input methods confuse with it), or similar shape."""
        cached = self._similar_cache.get((char, fuzzy))
        if cached is None:
            _, by_reading = _sound_index()
            reading = _reading(char)
            readings = (_fuzzy_readings(reading) if fuzzy else {reading}) if reading else set()
            cached = set().union(*(by_reading.get(r, ()) for r in readings))
            cached |= self._looks.get(char, set())
            cached.discard(char)
            cached = frozenset(cached)
            self._similar_cache[(char, fuzzy)] = cached
        return cached

    @staticmethod
    def allowed_replacements(length):
        return 2 if length >= 7 else 1

    # -- automaton patterns -------------------------------------------------------------------------

    def patterns(self):
        """(pattern, payload) for the shared automaton. Payloads: ("canon", i) a correct name, ("near", (i, offset))
        a window to verify that starts `offset` characters before the hit, ("pair", right) a 错别字."""
        out = []
        for i, name in enumerate(self.names):
            text = name.text
            n = len(text)
            out.append((text, ("canon", i)))
            if n < 3:
                continue
            for variant in self._one_replacement(text, fuzzy=n >= FUZZY_MIN_LENGTH):
                out.append((variant, ("near", (i, 0))))
            for k in range(n - 1):
                if text[k] != text[k + 1]:
                    out.append((text[:k] + text[k + 1] + text[k] + text[k + 2 :], ("near", (i, 0))))
            if self.allowed_replacements(n) >= 2:
                # Two replacements: both in the second half (first half intact), both in the first half
                # (second half intact), or one in each (first half has exactly one).
                half = n // 2
                out.append((text[:half], ("near", (i, 0))))
                out.append((text[half:], ("near", (i, half))))
                for variant in self._one_replacement(text[:half], fuzzy=True):
                    out.append((variant, ("near", (i, 0))))
        for wrong, right in self.pairs.items():
            out.append((wrong, ("pair", right)))
        return out

    def _one_replacement(self, text, fuzzy):
        for k, char in enumerate(text):
            for other in self.similar(char, fuzzy):
                yield text[:k] + other + text[k + 1 :]

    # -- verification -------------------------------------------------------------------------------

    def near_miss(self, doc, start, name_index, offset):
        """(start, end, correct form) in `norm` of a near miss of name `name_index` anchored at `start`, or None."""
        norm = doc.norm
        name = self.names[name_index]
        target = name.text
        n = len(target)
        begin = start - offset
        if begin < 0 or begin + n > len(norm):
            return None
        window = norm[begin : begin + n]
        if window == target or window in self.name_set:
            return None
        diffs = [k for k in range(n) if window[k] != target[k]]
        if not diffs:
            return None
        swapped = (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and window[diffs[0]] == target[diffs[1]]
            and window[diffs[1]] == target[diffs[0]]
        )
        if not swapped:
            if len(diffs) > self.allowed_replacements(n):
                return None
            for k in diffs:
                # A grammatical particle in place of a character makes a sentence, not a misspelt name:
                # 中国是现代化… is not 中国式现代化.
                if window[k] in _PARTICLES or window[k] not in self.similar(target[k], n >= FUZZY_MIN_LENGTH):
                    return None
        if name.person and not self._political(doc, begin, begin + n):
            return None
        part = self._person_part[name_index]
        if part and all(part[0] <= k < part[0] + part[1] for k in diffs):
            return begin + part[0], begin + part[0] + part[1], target[part[0] : part[0] + part[1]]
        return begin, begin + n, target

    def _political(self, doc, start, end):
        sentence, lo, _hi = doc.sentence(start, end)
        rest = sentence[: start - lo] + "\x00" + sentence[end - lo :]
        return any(word in rest for word in self.political_context)

    # 003 第十六条: 信息发布格式和内容表述是否规范、准确 — common 错别字
    def pair_ok(self, norm, start, end):
        """A 错别字 hit counts unless its characters belong to different words (各自|已经)."""
        return not crosses_word(norm, start, end)


def _load_names():
    names, context = [], []
    for line in read_lines(data_path("canonical_names.txt")):
        if line.startswith("political_context:"):
            context = [squeeze(w) for w in line.split(":", 1)[1].split()]
            continue
        parts = line.split("\t")
        text = squeeze(parts[0])
        flags = parts[1].split() if len(parts) > 1 else []
        if text:
            names.append(Name(text, "person" in flags))
    return names, context


def _load_pairs():
    pairs = {}
    for line in read_lines(data_path("typo_pairs.txt")):
        wrong, right = line.split()[:2]
        pairs[squeeze(wrong)] = right
    return pairs


def name_finding(doc, near):
    start, end = doc.span_to_raw(near[0], near[1])
    match = doc.raw[start:end]
    right = near[2]
    # 国办秘函〔2019〕19号: 严重表述错误
    return Finding(TYPO, BLOCK, start, end, match, _("“{match}”疑为“{right}”的错误写法（严重表述错误）").format(match=match, right=right))


def pair_finding(doc, span, right):
    """The warning for a 错别字, or None when the text was written in traditional characters there (帳號 is
    right in traditional writing; OpenCC makes it 帐号, which is wrong only in simplified writing)."""
    start, end = doc.span_to_raw(*span)
    match = doc.raw[start:end]
    if traditional(match):
        return None
    return Finding(TYPO, WARN, start, end, match, _("错别字：“{match}”应为“{right}”").format(match=match, right=right))
