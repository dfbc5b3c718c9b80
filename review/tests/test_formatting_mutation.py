"""format (003 第十五条: 正文统一为黑色，字体用5号宋体，行间距设定为18) at its edges: which colours, fonts,
sizes and spacings pass, where a finding sits, what the editor is told. Found by mutation testing of
review/checks/formatting.py (issue 14)."""

import pytest

from review.checks.formatting import FormatRules, findings, is_black, line_height_ok, size_ok, title_findings

RULES = FormatRules()


def fmt(raw, rules=RULES, title=None):
    out = findings(raw, rules, title)
    for f in out:
        assert (f.category, f.severity) == ("format", "warn")
        assert raw[f.start : f.end] == f.match
    return [(f.start, f.end, f.match, f.message) for f in out]


def colour(value):
    return f"正文文字应为黑色，此处颜色为“{value}”"


@pytest.mark.parametrize(
    "value",
    ["black", "Black !important", "#000", "#2a2a2a", "#303030", "#3338", "#30303080", "#080008",
     "#323232", "rgb(20, 20, 20)", "rgba(20,20,20,0.5)", "rgb(10%,10%,10%)", "rgb(20%,20%,20%)", "inherit"],
)
def test_black_and_neutral_near_black_greys_are_black(value):
    assert is_black(value)


@pytest.mark.parametrize(
    "value",
    ["red", "#ff0000", "#343434", "#343", "#090009", "#200020", "#00000", "#12", "rgb(52,52,52)",
     "rgb(21%,21%,21%)", "rgb(0,0,9)", ""],
)
def test_colours_and_lighter_greys_are_not_black(value):
    assert not is_black(value)


@pytest.mark.parametrize("value", ["14px", "14PX", "14 px", "14.5px", "13.5px", "10.5pt", "10.75pt", "10.25pt",
                                   "0.875rem", "medium", "Inherit", "五号", "14px !important"])
def test_body_size_five_hao_is_10_5pt_or_14px_within_rounding(value):
    assert size_ok(value)


@pytest.mark.parametrize("value", ["14.6px", "13.4px", "10.8pt", "10.2pt", "12px", "16px", "14em", "large"])
def test_other_body_sizes_are_refused(value):
    assert not size_ok(value)


@pytest.mark.parametrize("value, ok", [("18pt", True), ("18PT", True), ("18.0pt", True), ("18.0px", True),
                                       ("18 px", True), ("normal", True), ("18pt !important", True),
                                       ("18PT!IMPORTANT", True), ("1.5", False), ("24px", False),
                                       ("18.5pt", False)])
def test_line_spacing_is_18(value, ok):
    assert line_height_ok(value) is ok


@pytest.mark.parametrize(
    "family, ok",
    [("宋体", True), ("SimSun, serif", True), ("'Times New Roman', 宋体", True), ('"宋体", Arial', True),
     ("sans-serif", True), ("Arial", False), ("微软雅黑", False), ("宋体, 微软雅黑", False), ("", True)],
)
def test_the_body_font_is_the_sites_font_with_latin_fallbacks(family, ok):
    assert RULES.font_ok(family) is ok


def test_a_site_font_is_accepted_by_its_aliases_and_others_are_not():
    fangsong = FormatRules(font="仿宋")
    assert fangsong.font_ok("FangSong_GB2312")
    assert not fangsong.font_ok("宋体")
    other = FormatRules(font="方正小标宋")  # no alias list: its own name only
    assert other.font_ok("方正小标宋")
    assert not other.font_ok("宋体")
    latin = FormatRules(font="Xihei")
    assert latin.font_ok("'Xihei', Arial")
    assert not latin.font_ok("ihei")


def test_each_style_declaration_is_reported_at_its_own_span_with_its_message():
    raw = '<p style="color: red ; font-family:微软雅黑;font-size:16px; line-height:2">正文</p>'
    assert fmt(raw) == [
        (raw.index("color"), raw.index("color") + len("color: red"), "color: red", colour("red")),
        (raw.index("font-family"), raw.index("font-family") + len("font-family:微软雅黑"), "font-family:微软雅黑",
         "正文字体应为宋体，此处为“微软雅黑”"),
        (raw.index("font-size"), raw.index("font-size") + len("font-size:16px"), "font-size:16px",
         "正文字号应为五号（10.5pt/14px），此处为“16px”"),
        (raw.index("line-height"), raw.index("line-height") + len("line-height:2"), "line-height:2",
         "行间距应为18磅，此处为“2”"),
    ]


def test_a_single_quoted_style_and_entities_in_values_are_read():
    raw = "<SPAN Style='COLOR:#F00'>正文</SPAN><span style=\"font-family:&quot;黑体&quot;;\">字</span>"
    out = fmt(raw)
    assert [m for _, _, m, _ in out] == ["COLOR:#F00", "font-family:&quot;黑体&quot;"]
    assert out[0][3] == colour("#F00")
    assert out[1][3] == "正文字体应为宋体，此处为“\"黑体\"”"


def test_a_good_style_gives_nothing():
    assert fmt('<p style="color:#000;font-family:宋体;font-size:10.5pt;line-height:18pt">正文</p>') == []


def test_headings_choose_their_own_look():
    assert fmt('<h2 style="color:red;font-size:22px">标题</h2><p>正文</p>') == []
    assert fmt('<h3>小标题<font color="red" size="5">字</font></h3>') == []
    raw = '<h2 style="color:red">标题</h2><p style="color:blue">正文</p>'
    assert [m for _, _, m, _ in fmt(raw)] == ["color:blue"]
    raw = '<h2><font color="red">标题</font></h2><p><font color="blue">正文</font></p>'
    assert [m for _, _, m, _ in fmt(raw)] == ['color="blue"']


def test_links_keep_their_colour_but_not_their_size():
    raw = '<a href="/x" style="color:blue;font-size:20px">链接</a>'
    assert [m for _, _, m, _ in fmt(raw)] == ["font-size:20px"]


def test_bold_subheadings_choose_font_and_size_but_not_colour_or_spacing():
    raw = '<strong style="font-family:黑体;font-size:16px;font:bold 16px 黑体;color:red;line-height:3">小标题</strong>'
    assert [m for _, _, m, _ in fmt(raw)] == ["color:red", "line-height:3"]
    raw = '<b style="font-size:16px">小标题</b><span style="font-size:16px">正文</span>'
    assert [m for _, _, m, _ in fmt(raw)] == ["font-size:16px"]
    assert fmt(raw)[0][0] == raw.index("font-size", raw.index("<span"))


def test_font_shorthand_names_each_problem():
    raw = '<p style="font: 16px/24px 微软雅黑">正文</p>'
    assert fmt(raw)[0][3] == "；".join(
        ["正文字号应为五号（10.5pt/14px），此处为“16px”", "行间距应为18磅，此处为“24px”", "正文字体应为宋体，此处为“微软雅黑”"]
    )
    assert fmt('<p style="font: 16px 宋体">正文</p>')[0][3] == "正文字号应为五号（10.5pt/14px），此处为“16px”"
    assert fmt('<p style="font: 10.5pt/18pt 宋体">正文</p>') == []
    assert fmt('<p style="font: inherit">正文</p>') == []


def test_font_tags_are_checked_attribute_by_attribute():
    raw = "<font color=red face='黑体' size=\"5\">正文</font><font size=3 face=宋体 color=#000>字</font>"
    assert fmt(raw) == [
        (raw.index("color"), raw.index("color") + len("color=red"), "color=red", colour("red")),
        (raw.index("face"), raw.index("face") + len("face='黑体'"), "face='黑体'", "正文字体应为宋体，此处为“黑体”"),
        (raw.index("size"), raw.index("size") + len('size="5"'), 'size="5"',
         "正文字号应为五号（10.5pt/14px），此处为 size=“5”"),
    ]
    assert fmt('<font size="2">字</font>') == []


@pytest.mark.parametrize(
    "para",
    ["<p></p>", "<p>&nbsp;</p>", "<p class='x'> \u3000<br/></p>", "<P><br></P>", "<p><span>&nbsp;</span></p>",
     "<p><strong> </strong><br /></p>"],
)
def test_empty_paragraphs_are_reported(para):
    raw = "<p>正文</p>" + para
    assert fmt(raw) == [(len("<p>正文</p>"), len(raw), para, "空段落，请删除")]


def test_a_paragraph_with_text_is_not_empty():
    assert fmt("<p><span>字</span></p><p>&nbsp;正文</p>") == []


def test_a_title_over_the_limit_is_reported_with_its_length():
    long = "关" * 51
    assert fmt(f"<h1>{long}</h1>") == [(4, 55, long, "标题过长（51字，上限50字），请精简")]
    assert fmt(f"<title> {'关' * 25} {'于' * 25} </title>") == []
    assert fmt("正文", FormatRules(title_max_length=1), title="通知") == [(0, 0, "", "标题过长（2字，上限1字），请精简")]
    raw = "前言\n" + long
    assert title_findings(raw, RULES, long) == findings(raw, RULES, long)
    assert fmt(raw, title=long) == [(3, 54, long, "标题过长（51字，上限50字），请精简")]


def test_a_long_title_given_by_the_editor_is_marked_where_it_first_stands():
    long = "关" * 51
    message = "标题过长（51字，上限50字），请精简"
    assert fmt(long + "\n正文", title=long) == [(0, 51, long, message)]
    assert fmt(f"前言{long}\n{long}", title=long) == [(2, 53, long, message)]


def test_a_long_heading_other_than_the_given_title_is_reported_too():
    long = "关" * 51
    raw = f"<p>通知</p><h1>{long}</h1>"
    assert fmt(raw, title="通知") == [(raw.index(long), raw.index(long) + 51, long, "标题过长（51字，上限50字），请精简")]


def test_each_long_title_is_reported_once_in_its_order():
    first, second = "关" * 51, "于" * 52
    raw = f"<title>{first}</title><h1>{first}</h1><h1>{second}</h1>"
    assert [(m, msg) for _, _, m, msg in fmt(raw)] == [
        (first, "标题过长（51字，上限50字），请精简"), (second, "标题过长（52字，上限50字），请精简")
    ]


def test_the_same_long_title_is_reported_once():
    long = "关" * 51
    raw = f"<title>{long}</title><h1>{long}</h1>"
    assert len(fmt(raw)) == 1
    assert len(fmt(raw, title=long)) == 1


def test_platform_rules_are_read_from_format_yaml():
    rules = FormatRules.platform()
    assert (rules.font, rules.title_max_length) == ("宋体", 50)
    long = "关" * 51
    assert [m for _, _, _, m in fmt(f"<h1>{long}</h1><p style=\"font-family:黑体\">字</p>", rules)] == [
        "正文字体应为宋体，此处为“黑体”", "标题过长（51字，上限50字），请精简"
    ]
