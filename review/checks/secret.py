"""secret_marking (block): a 密级标志 or a not-for-the-public stamp on the document itself.

000 第七条 / 004 第十三条: 涉密信息不上网，上网信息不涉密. 002 第十条: 涉及国家秘密的信息不得上网发布.
000 第八条 / 003 第十六条: 审核上网信息有无涉密内容. 国办秘函〔2019〕19号 单项否决 #1(2): 泄露国家秘密.

The words (秘密, 内部资料, 不予公开, 国家秘密 …) are anchors in the shared automaton; a hit is a marking only in
the forms a marking takes (GB/T 9704 7.2.2): with ★ and a 保密期限 (秘密★1年, 绝密★长期), alone on a line
(机密 as a heading), in a 密级 field (密级：机密), in brackets (【内部资料】), with a keeping phrase
(内部资料，注意保存), in a 公开属性 field (公开属性：不予公开), or said of the document itself (此件不公开,
本文件含有国家秘密). Prose about secrecy — 涉密不上网、上网不涉密, 防止泄露国家秘密, 揭开大自然的秘密,
决定不予公开 — has none of these forms.
"""

import re

from .base import BLOCK, SECRET, Finding, _, read_yaml
from .normalize import squeeze

_SPACE = r"[ \t\u00a0\u3000]"
_OPEN = "（(【[〔「『《<"
_CLOSE = "）)】]〕」』》>"
_LINE_NOISE = re.compile(r"[\s\u3000，,。.：:、;；!！\-—_·•" + re.escape(_OPEN + _CLOSE) + "]+")
_CLAUSE_END = re.compile(r"[。！？!?；;\n，,]")
_URGENCY = ("特急", "加急", "平急", "急件", "特提")


class SecretRules:
    def __init__(self):
        data = read_yaml("secret.yaml")
        self.levels = tuple(data["levels"])
        stars = re.escape(data["stars"])
        self.stamps = tuple(data["stamps"])
        self.keeping = tuple(data["keeping"])
        self.not_public = tuple(data["not_public"])
        self.self_words = tuple(sorted(data["self_words"], key=len, reverse=True))
        self.self_verbs = tuple(sorted(data["self_verbs"], key=len, reverse=True))
        fields = "|".join(map(re.escape, data["disclosure_fields"]))
        levels = "|".join(self.levels)
        selfs = "|".join(map(re.escape, self.self_words))
        verbs = "|".join(map(re.escape, self.self_verbs))
        # GB/T 9704 7.2.2: 密级★保密期限 — 秘密★1年, 机密★10年, 绝密★长期 (also ☆ or * for ★).
        self.star = re.compile(
            rf"{_SPACE}*(?:([（(]){_SPACE}*)?[{stars}]{_SPACE}*(?:(?:[0-9]{{1,3}}|[一二三四五六七八九十两]{{1,3}}){_SPACE}*(?:年|个月|月)|长期)?(?(1){_SPACE}*[)）])"
        )
        # 密级：机密 / 密级 机密 / 密级为机密 (the last only after 本件/此件).
        self.level_field = re.compile(rf"{_SPACE}*(?:[:：]{_SPACE}*|{_SPACE}+)[“\"「『]?{_SPACE}*(?:{levels})")
        self.level_is = re.compile(rf"{_SPACE}*(?:为|是|属于|属){_SPACE}*[“\"「『]?(?:{levels})")
        self.field_before = re.compile(rf"(?:{fields}){_SPACE}*[:：]?{_SPACE}*$")
        self.self_before = re.compile(rf"(?:{selfs})(?:{verbs})?{_SPACE}*[“\"「『]?$")
        self.self_is_before = re.compile(rf"(?:{selfs})(?:{verbs})?{_SPACE}*$")
        self.keeping_after = re.compile(
            rf"[{_SPACE[1:-1]}，,、：:；;（(【\[]{{0,3}}(?:{'|'.join(map(re.escape, self.keeping))})[)）】\]]?"
        )

    def anchors(self):
        words = set(self.levels) | set(self.stamps) | set(self.keeping) | set(self.not_public) | {"密级", "国家秘密"}
        return [(squeeze(word), ("secret", word)) for word in words]

    # -- helpers on the view (same offsets as the raw text) ------------------------------------------

    @staticmethod
    def _line(view, start, end):
        lo = view.rfind("\n", 0, start) + 1
        hi = view.find("\n", end)
        return lo, len(view) if hi == -1 else hi

    def _alone_on_line(self, view, start, end, allowed):
        """The line holds only this word (and words from `allowed`), punctuation and blanks."""
        lo, hi = self._line(view, start, end)
        if hi - lo > 40:  # a marking line is short; prose lines are not
            return False
        rest = _LINE_NOISE.sub("", view[lo:start] + "\x00" + view[end:hi])
        for word in sorted(allowed, key=len, reverse=True):
            if word in rest:
                rest = rest.replace(word, "")
        return rest == "\x00"

    @staticmethod
    def _bracketed(view, start, end):
        """The word stands in brackets, blanks aside: 【内部资料】, 【 内部资料 】, and in HTML 【<b>内部资料</b>】 or
        【&nbsp;内部资料&nbsp;】 (the view blanks markup and entities to spaces, so any number of blanks)."""
        before = view[:start].rstrip()
        after = view[end:].lstrip()
        return bool(before) and before[-1] in _OPEN and bool(after) and after[0] in _CLOSE

    def _said_of_itself(self, view, start, pattern=None):
        """Start of "本件/此件 (含有)" right before `start` in the same clause, or None."""
        lo = max(0, start - 16)
        clause = _CLAUSE_END.split(view[lo:start])[-1]
        lo = start - len(clause)
        found = (pattern or self.self_before).search(clause)
        return lo + found.start() if found else None

    # -- the rule -----------------------------------------------------------------------------------

    def marking(self, view, word, start, end):
        """(start, end) of the marking this anchor word belongs to, or None if it is prose."""
        if word in self.levels:
            # GB/T 9704-2012 7.2.2: 密级和保密期限 (秘密★1年); 000 第七条: 涉密不上网
            star = self.star.match(view, end)
            if star and star.end() > end and view[end:star.end()].strip(" \t\u00a0\u3000"):
                return start, star.end()
            # GB/T 9704-2012 7.2.2: 密级 alone in the top left corner (with the 紧急程度 beside it)
            if self._alone_on_line(view, start, end, _URGENCY):
                return start, end
            # 002 第十条: 涉及国家秘密的信息不得上网发布 — "本文件为机密"
            said = self._said_of_itself(view, start)
            if said is not None:
                return said, end
            return None
        if word == "密级":
            # 发文稿纸 / 版头 field: 密级：机密
            field = self.level_field.match(view, end)
            if field:
                stop = field.end()
                star = self.star.match(view, stop)
                return start, star.end() if star and star.end() > stop else stop
            stated = self.level_is.match(view, end)
            said = self._said_of_itself(view, start, self.self_is_before) if stated else None
            if said is not None:
                return said, stated.end()
            return None
        if word == "国家秘密":
            # 002 第十条: 涉及国家秘密的信息不得上网发布 — "本文件含有国家秘密"
            said = self._said_of_itself(view, start)
            if said is not None:
                return said, end
            if self._alone_on_line(view, start, end, ()):
                return start, end
            return None
        if word in self.stamps:
            # 000 第八条: 上网信息有无涉密内容, 有无不适宜对外发布的内容 — "内部资料 注意保存"
            keeping = self.keeping_after.match(view, end)
            if keeping:
                return start, keeping.end()
            if self._alone_on_line(view, start, end, self.keeping + self.stamps) or self._bracketed(view, start, end):
                return start, end
            said = self._said_of_itself(view, start)
            if said is not None:
                return said, end
            return None
        if word in self.not_public:
            # 政府信息公开 公开属性 field, and GB/T 9704 附注 "（此件不公开）"; markup between the field and its value
            # (公开属性：<span class="…">不予公开) is blanks in the view
            if self.field_before.search(view[:start].rstrip()[-12:]):
                return start, end
            said = self._said_of_itself(view, start, self.self_is_before)
            if said is not None:
                return said, end
            if self._bracketed(view, start, end):
                return start, end
            if self._alone_on_line(view, start, end, ()):
                return start, end
            return None
        if word in self.keeping:
            # 000 第八条: 不适宜对外发布的内容 — a keeping stamp on its own line or in brackets
            if self._alone_on_line(view, start, end, self.keeping + self.stamps) or self._bracketed(view, start, end):
                return start, end
            return None
        return None


def secret_finding(doc, rules, word, norm_start, norm_end):
    start, end = doc.span_to_raw(norm_start, norm_end)
    span = rules.marking(doc.view, word, start, end)
    if span is None:
        return None
    start, end = span
    match = doc.raw[start:end]
    # 000 第七条: 涉密信息不上网，上网信息不涉密
    message = _("密级标志或不公开标注“{match}”：涉密信息不得上网，上网信息不得涉密").format(match=match)
    return Finding(SECRET, BLOCK, start, end, match, message)
