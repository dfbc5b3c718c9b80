"""personal_info (block): 身份证号, mobile numbers, bank card numbers, passport numbers.

001 第十九条: 不得泄露个人隐私; 《个人信息保护法》. The numbers are recognised by their structure, not by
their length alone: a 身份证号 carries a birth date and the GB 11643 check digit (15-digit ones need their
context word), a bank card passes the Luhn check and has a card prefix, a mobile number follows the MIIT plan
(1[3-9] + 9 digits), a passport number needs the word 护照. Not personal information: 统一社会信用代码
(GB 32100, letters and its own check character), 编号 and 文号, office landlines (0311-…), postcodes, dates,
amounts (…元), and numbers already masked (130102********0022). The message gives the masked form.
"""

import re
from datetime import date

from .base import BLOCK, PERSONAL, Finding, _, read_yaml

# Digit runs, possibly grouped by single spaces or hyphens (138 1234 5678, 6222-0212-…), with an optional
# +86; not glued to letters, digits, or mask characters on either side.
# Runs of digits with single spaces or hyphens between groups (138 1234 5678, 6222-0212-…, +86 …). The
# characters around a run are checked in Python: a leading character class keeps the scan at C speed.
_RUN = re.compile(r"[+0-9][0-9 \-]{4,60}x?")
_GROUP = re.compile(r"\+?[0-9]+x?")
_GLUED_BEFORE = set("0123456789abcdefghijklmnopqrstuvwxyz_*＊×.+/=%&#?")  # …/art/13812345678.html is a URL
_GLUED_AFTER = set("abcdefghijklmnopqrstuvwxyz_*＊×")
_PASSPORT = re.compile(r"(?<![0-9a-z])(?:[eg][0-9]{8}|e[a-hj-np-z][0-9]{7}|[pskd][0-9]{7,8}|c[0-9]{8}|c[a-hj-np-z][0-9]{7})(?![0-9a-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10x98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_LENGTHS = {11, 13, 15, 16, 17, 18, 19}  # mobile, +86 mobile, old 身份证号, cards, 身份证号
_AMOUNT_AFTER = ("元", "万", "亿", "%", "％", "美元", "千克", "吨", "平方", "亩", "公里", "米", "人次", "次", "册", "件", "份")


def _alternation(words):
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class PersonalRules:
    def __init__(self):
        data = read_yaml("personal.yaml")
        self.context = {key: _alternation(words) for key, words in data["context"].items()}
        # A label of something else right before the number (编号：, 统一社会信用代码 …), allowing a few
        # characters between (项目编号为, 合同编号（新）).
        self.not_personal = re.compile(f"(?:{_alternation(data['not_personal']).pattern}).{{0,2}}$")
        self.uscc_context = _alternation(data["uscc_context"])
        self.provinces = {str(code) for code in data["id_provinces"]}
        self.card_prefixes = tuple(data["card_prefixes"])
        self.mobile_second = data["mobile_second_digit"]

    # -- structure ----------------------------------------------------------------------------------

    def id18(self, digits, checked=True):
        """GB 11643: 6-digit region, 8-digit birth date, 3-digit sequence, check digit (0-9 or X).
        `checked=False` accepts a wrong check digit (a mistyped number next to the word 身份证 is still one)."""
        if len(digits) != 18 or not digits[:17].isdigit() or digits[:2] not in self.provinces:
            return False
        if not _valid_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
            return False
        if not checked:
            return digits[17] in "0123456789x"
        total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS))
        return _ID_CHECK[total % 11] == digits[17]

    def id15(self, digits):
        """The old 15-digit number: region, YYMMDD, 3-digit sequence; no check digit."""
        return (
            len(digits) == 15
            and digits.isdigit()
            and digits[:2] in self.provinces
            and _valid_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
        )

    def card(self, digits):
        return 16 <= len(digits) <= 19 and digits.isdigit() and digits.startswith(self.card_prefixes) and _luhn(digits)

    def mobile(self, digits):
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        return len(digits) == 11 and digits[0] == "1" and digits[1] in self.mobile_second

    # -- context ------------------------------------------------------------------------------------

    def _before(self, view, start, width=16):
        before = view[max(0, start - width) : start]
        cut = _SENTENCE_END.split(before)
        return cut[-1]

    def _has(self, text, key):
        return self.context[key].search(text) is not None

    def _labelled_other(self, before):
        """The number is labelled as something else: 编号：…, 统一社会信用代码：…, 金额：…"""
        return self.not_personal.search(before.rstrip(" \t\u3000:：#＃为是")) is not None

    # -- the rule -----------------------------------------------------------------------------------

    def scan(self, view):
        """[(start, end, kind, digits)] in `view`."""
        found = []
        for run in _RUN.finditer(view):
            start = run.start()
            if start and view[start - 1] in _GLUED_BEFORE:
                continue
            end = run.end()
            nxt = view[end : end + 2]
            if nxt[:1] in _GLUED_AFTER or (nxt[:1] == "." and nxt[1:2].isdigit()):
                continue
            text = run.group(0)
            separators = text.count(" ") + text.count("-")
            if len(text) - separators < 11:  # the shortest number looked for is a mobile's 11 digits
                continue
            spans = _candidates(text, start) if separators else ((start, end),)
            for c_start, c_end in spans:
                raw = view[c_start:c_end]
                digits = raw.replace(" ", "").replace("-", "").lstrip("+")
                if len(digits) not in _LENGTHS:
                    continue
                if view[c_end : c_end + 2].startswith(_AMOUNT_AFTER) or view[c_start - 1 : c_start] in ("¥", "￥", "$"):
                    continue
                if view[c_start - 1 : c_start] == "第" and view[c_end : c_end + 1] in ("号", "期", "次"):
                    continue  # 第…号: a document or issue number
                before = self._before(view, c_start)
                if self._labelled_other(before):
                    continue
                kind = self._kind(digits, before)
                if kind:
                    found.append((c_start, c_end, kind, digits))
        # 001 第十九条 — 护照、通行证号码, only next to their word (a bare E12345678 could be any code)
        if not self.context["passport"].search(view):
            return found
        for m in _PASSPORT.finditer(view):
            before = self._before(view, m.start(), 20)
            if self._has(before, "passport") and not self._labelled_other(before):
                found.append((m.start(), m.end(), "passport", m.group(0).upper()))
        return found

    def _kind(self, digits, before):
        # 001 第十九条: 不得泄露个人隐私 — GB 11643-1999 公民身份号码 (18 digits; 15 before 1999). Near the word
        # 信用代码 it may be a 统一社会信用代码 instead: GB 32100-2015, when its check character holds.
        if len(digits) == 18 and not (self.uscc_context.search(before) and uscc_valid(digits)):
            if self.id18(digits) or (self._has(before, "id") and self.id18(digits, checked=False)):
                return "id"
        if len(digits) == 15 and self.id15(digits) and self._has(before, "id"):
            return "id"
        # 001 第十九条 — 手机号码 (MIIT numbering plan) and 银行卡号 (ISO/IEC 7812 Luhn)
        if self.mobile(digits):
            return "mobile"
        if self.card(digits) and (self._has(before, "bank") or digits.startswith("62")):
            return "bank"
        return None


def _plausible(sizes):
    """Numbers are grouped 3-4-4 (mobile), 4-4-4-4(-3) (cards), 6-8-4 (身份证), with +86 in front of a mobile;
    a date range (2024-05-01) or a landline (0311-8765 4321) is grouped otherwise."""
    if sizes[0] == 2 and len(sizes) > 1:  # +86
        sizes = sizes[1:]
    if sizes in ([3, 4, 4], [3, 8], [7, 4], [6, 8, 4], [6, 4, 4, 4], [6, 6, 3]):
        return True
    return len(sizes) >= 4 and all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _candidates(run, offset):
    """Spans of the numbers in a run of digit groups: groups joined where their sizes follow a known grouping
    ("138 1234 5678"), else each group on its own ("0311-86012345 13812345678" → two numbers)."""
    groups = [(m.start(), m.end(), len(m.group(0).lstrip("+"))) for m in _GROUP.finditer(run)]
    # Two separators in a row end a number.
    out = []
    i, n = 0, len(groups)
    while i < n:
        for k in range(min(5, n - i), 1, -1):
            chunk = groups[i : i + k]
            if all(chunk[j + 1][0] - chunk[j][1] == 1 for j in range(k - 1)) and _plausible([g[2] for g in chunk]):
                out.append((offset + chunk[0][0], offset + chunk[-1][1]))
                i += k
                break
        else:
            out.append((offset + groups[i][0], offset + groups[i][1]))
            i += 1
    return out


def _valid_date(year, month, day):
    if year < 1900 or year > date.today().year:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def uscc_valid(code):
    """GB 32100-2015 check character of a 统一社会信用代码."""
    code = code.upper()
    if len(code) != 18 or any(ch not in _USCC_CHARS for ch in code):
        return False
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(code[:17], _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def mask(kind, digits):
    if kind == "id":
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    if kind == "mobile":
        core = digits[-11:]
        return core[:3] + "****" + core[-4:]
    if kind == "bank":
        return digits[:4] + " **** **** " + digits[-4:]
    return digits[:2] + "*" * (len(digits) - 5) + digits[-3:]


_LABELS = {"id": "身份证号码", "mobile": "手机号码", "bank": "银行卡号", "passport": "护照号码"}


def findings(doc, rules):
    out = []
    for start, end, kind, digits in rules.scan(doc.view):
        match = doc.raw[start:end]
        label = _(_LABELS[kind])
        # 001 第十九条: 不得泄露个人隐私
        message = _("{label}属于个人信息，不得公开发布；确需公开请脱敏为 {masked}").format(label=label, masked=mask(kind, digits))
        out.append(Finding(PERSONAL, BLOCK, start, end, match, message))
    return out
