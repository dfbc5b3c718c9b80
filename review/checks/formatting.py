"""format (warn): the body's look on HTML input, and over-long titles.

003 第十五条: 信息发布的格式应当标准规范。大标题不要重复，正文统一为黑色，字体用5号宋体，行间距设定为18，
文中小标题可视情况确定字体. Headings (h1-h6) are exempt; bold subheadings (strong/b) may choose their font
and size but not their colour. The site's font, size and title length come from its SiteLexicon.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .base import FORMAT, WARN, Finding, _, read_yaml
from .normalize import html_text

_STYLE_ATTR = re.compile(r"""(?is)<([a-z][a-z0-9]*)\b[^<>]*?\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DECLARATION = re.compile(r"(?i)([a-z\-]+)\s*:\s*((?:&#?[a-z0-9]+;|[^;])+?)\s*(?:;|$)")  # &#39; is not a ;
_FONT_TAG = re.compile(r"(?is)<font\b[^<>]*>")
_FONT_ATTR = re.compile(r"""(?i)\s(color|face|size)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_HEADING = re.compile(r"(?is)<h([1-6])\b.*?</h\1\s*>")
_EMPTY_P = re.compile(r"(?is)<p\b[^<>]*>(?:\s|&nbsp;|&#160;|&#xa0;|\u3000|\u00a0|<br\s*/?>|<(span|strong|b|em|i|font)\b[^<>]*>(?:\s|&nbsp;|\u3000|\u00a0)*</\1>)*</p>")
_TITLE = re.compile(r"(?is)<(title|h1)\b[^<>]*>(.*?)</\1\s*>")
_HEX = re.compile(r"#([0-9a-f]{3,8})$")
_RGB = re.compile(r"rgba?\(([0-9.\s%]+),([0-9.\s%]+),([0-9.\s%]+)(?:,[0-9.\s%]+)?\)$")
_FONT_SHORTHAND = re.compile(r"(?i)([0-9.]+(?:px|pt|em|rem|%)|xx-small|x-small|small|medium|large|x-large|xx-large|五号|小四|四号|三号)(?:\s*/\s*([^\s]+))?\s+(.+)$")
_SIZE = re.compile(r"([0-9]*\.?[0-9]+)(px|pt)$")


@dataclass(frozen=True)
class FormatRules:
    font: str = "宋体"
    title_max_length: int = 50

    @classmethod
    def platform(cls):
        data = _data()
        return cls(font=data["default_font"], title_max_length=int(data["title_max_length"]))

    @property
    def data(self):
        return _data()

    def font_ok(self, family):
        data = self.data
        aliases = {a.lower() for a in data["font_aliases"].get(self.font, [self.font])} | {self.font.lower()}
        generic = {g.lower() for g in data["generic_families"]}
        latin = {f.lower() for f in data.get("latin_fallbacks", [])}
        names = [n.strip().strip("'\"").lower() for n in family.split(",")]
        named = [n for n in names if n and n not in generic]
        return all(n in aliases or n in latin for n in named) and (not named or any(n in aliases for n in named))


def _data():
    return read_yaml("format.yaml")  # cached by read_yaml until the platform data change


def is_black(value):
    value = re.sub(r"\s+", "", value.lower()).replace("!important", "")
    if value in {v.replace(" ", "").lower() for v in _data()["black"]}:
        return True
    rgb = None
    hexm = _HEX.match(value)
    if hexm:
        digits = hexm.group(1)
        if len(digits) in (3, 4):
            rgb = [int(c * 2, 16) for c in digits[:3]]
        elif len(digits) in (6, 8):
            rgb = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    else:
        rgbm = _RGB.match(value)
        if rgbm:
            rgb = []
            for part in rgbm.groups():
                part = part.strip()
                rgb.append(float(part[:-1]) * 2.55 if part.endswith("%") else float(part))
    # Neutral near-black greys (#333 and darker) read as black; anything with a hue is coloured.
    return rgb is not None and max(rgb) <= 0x33 and max(rgb) - min(rgb) <= 8


def size_ok(value):
    value = re.sub(r"\s+", "", value.lower()).replace("!important", "")
    if value in {s.lower() for s in _data()["body_sizes"]}:
        return True
    m = _SIZE.match(value)
    if not m:
        return False
    number, unit = float(m.group(1)), m.group(2)
    return abs(number - 14) <= 0.5 if unit == "px" else abs(number - 10.5) <= 0.25


def line_height_ok(value):
    value = re.sub(r"\s+", "", value.lower()).replace("!important", "")
    return value in {s.lower() for s in _data()["line_heights"]} or value in ("18.0pt", "18.0px")


def _inside(spans, pos):
    return any(a <= pos < b for a, b in spans)


def findings(raw, rules, title=None):
    out = []
    headings = [m.span() for m in _HEADING.finditer(raw)]
    for m in _STYLE_ATTR.finditer(raw):
        tag = m.group(1).lower()
        if _inside(headings, m.start()):
            continue
        link = tag == "a"  # links may keep their colour: they must stand out from the text
        group = 2 if m.group(2) is not None else 3
        style, base = m.group(group), m.start(group)
        subheading = tag in ("strong", "b")
        for d in _DECLARATION.finditer(style):
            prop, value = d.group(1).lower(), html.unescape(d.group(2))
            start, end = base + d.start(), base + d.end(2)  # the value's end: an entity keeps its ";"
            if link and prop == "color":
                continue
            message = _problem(prop, value, rules, subheading)
            if message:
                out.append(Finding(FORMAT, WARN, start, end, raw[start:end], message))
    for m in _FONT_TAG.finditer(raw):
        if _inside(headings, m.start()):
            continue
        for a in _FONT_ATTR.finditer(m.group(0)):
            name = a.group(1).lower()
            value = html.unescape(next(g for g in a.groups()[1:] if g is not None))
            start, end = m.start() + a.start() + 1, m.start() + a.end()
            prop = {"color": "color", "face": "font-family", "size": "font-size-attr"}[name]
            message = _problem(prop, value, rules, False)
            if message:
                out.append(Finding(FORMAT, WARN, start, end, raw[start:end], message))
    for m in _EMPTY_P.finditer(raw):
        # 003 第十五条: 信息发布的格式应当标准规范 (no blank paragraphs)
        out.append(Finding(FORMAT, WARN, m.start(), m.end(), m.group(0), _("空段落，请删除")))
    out.extend(title_findings(raw, rules, title))
    return out


def _problem(prop, value, rules, subheading):
    # Pages repeat the same few declarations on every paragraph: decide each once.
    return _decide(prop, value.strip(), rules, subheading, id(_data()))


@lru_cache(maxsize=4096)
def _decide(prop, value, rules, subheading, _data_id):
    if prop == "color" and not is_black(value):
        # 003 第十五条: 正文统一为黑色
        return _("正文文字应为黑色，此处颜色为“{value}”").format(value=value)
    if prop == "font-family" and not subheading and not rules.font_ok(value):
        # 003 第十五条: 字体用5号宋体
        return _("正文字体应为{font}，此处为“{value}”").format(font=rules.font, value=value)
    if prop == "font-size" and not subheading and not size_ok(value):
        # 003 第十五条: 字体用5号宋体 (五号 = 10.5pt = 14px)
        return _("正文字号应为五号（10.5pt/14px），此处为“{value}”").format(value=value)
    if prop == "font-size-attr" and not subheading and value.strip() not in _data()["font_size_attr_ok"]:
        return _("正文字号应为五号（10.5pt/14px），此处为 size=“{value}”").format(value=value)
    if prop == "line-height" and not line_height_ok(value):
        # 003 第十五条: 行间距设定为18
        return _("行间距应为18磅，此处为“{value}”").format(value=value)
    if prop == "font":
        # The shorthand: [style] [weight] size[/line-height] family — 003 第十五条 again.
        m = _FONT_SHORTHAND.search(value)
        if m:
            problems = [
                _problem("font-size", m.group(1), rules, subheading),
                _problem("line-height", m.group(2), rules, subheading) if m.group(2) else None,
                _problem("font-family", m.group(3), rules, subheading),
            ]
            problems = [p for p in problems if p]
            if problems:
                return "；".join(problems)
    return None


def title_findings(raw, rules, title=None):
    """Over-long titles: the given title, and <title>/<h1> of HTML."""
    out = []
    candidates = []
    if title:
        at = raw.find(title)
        candidates.append((at, at + len(title), title) if at >= 0 else (0, 0, title))
    for m in _TITLE.finditer(raw):
        text = html_text(m.group(2)).strip()
        if text and not (title and re.sub(r"\s+", "", text) == re.sub(r"\s+", "", title)):
            candidates.append((m.start(2), m.end(2), m.group(2)))
    seen = set()
    for start, end, text in candidates:
        plain = re.sub(r"\s+", "", html_text(text))
        if plain in seen:
            continue
        seen.add(plain)
        if len(plain) > rules.title_max_length:
            match = raw[start:end] if end > start else ""
            out.append(
                Finding(FORMAT, WARN, start, end, match, _("标题过长（{n}字，上限{limit}字），请精简").format(n=len(plain), limit=rules.title_max_length))
            )
    return out
